export { Messaging, type MessagingStatus } from './messaging.js';
export type { MessagingConsumerOptions, MessagingOptions } from './messaging-options.js';
