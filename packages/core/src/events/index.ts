export {
  DomainEvent,
  type EventClass,
  type EventMetadata,
  type PayloadOf,
  type Upcaster,
} from './domain-event.js';
export { TopicRegistry } from './topic-registry.js';
export { upcast } from './upcast.js';
