export { OutboxPolicy, type OutboxPolicyOptions } from './outbox-policy.js';
