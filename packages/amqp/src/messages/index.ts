export type { EventMessage } from './event-message.js';
export { Header } from './headers.js';
export { matchesTopic } from './topic-pattern.js';
