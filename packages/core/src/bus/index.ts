export { EventBus, type Subscriber } from './event-bus.js';
