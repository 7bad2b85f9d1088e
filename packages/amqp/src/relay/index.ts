export { OutboxRelay } from './outbox-relay.js';
export type { FlushOptions, FlushProgress, OutboxRelayOptions } from './outbox-relay-options.js';
