export { Consumer, type ConsumerBacklog } from './consumer.js';
export type { ConsumerOptions, DrainOptions, DrainResult } from './consumer-options.js';
export type { InboundMessage, MessageHandler } from './inbound-message.js';
export type { QueueNames } from './queue-names.js';
