export { amqpSuite } from './amqp-suite.js';
