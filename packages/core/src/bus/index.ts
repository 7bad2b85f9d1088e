export { EventBus, type CollectedEvents, type Persister, type Subscriber } from './event-bus.js';
