/**
 * Throwaway exchanges and queues, and a tap on an exchange, for tests against RabbitMQ.
 *
 * @module @annals/amqp/testing
 */
export { closeBrokerConnections, deleteTopology, testBrokerUrl, uniqueName } from './broker-fixtures.js';
export { tapExchange, type Tap } from './tap.js';
