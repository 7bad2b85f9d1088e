/**
 * The optional parts of the storage port a strategy offers, each an interface of its own that callers test
 * for with the guards in `guards.ts`:
 * - `snapshots`: {@link SnapshotStore};
 * - `notification-log`: {@link NotificationLogStore}, positions given to every appended event;
 * - `tracking`: {@link TrackingStore}, tracking records and processed message ids;
 * - `outbox`: {@link OutboxStore}, outbox rows written by appends and claimed by relays;
 * - `outbox-dispatch`: {@link OutboxDispatch}, an append's rows handed to a relay right after commit;
 * - `transactions`: {@link TransactionalStore}, units of work callers can join;
 * - `migrations`: {@link MigratableStore}, schema created and updated on request;
 * - `multi-aggregate-append`: one append may hold events of several aggregates, still all or nothing;
 * - `projections`: {@link ProjectionStore}, projections' records and checkpoints;
 * - `leases`: {@link LeaseStore}, exclusive ownership across processes;
 * - `log-watch`: {@link LogWatch}, commits of other processes heard without polling.
 */
export type Capability =
  | 'snapshots'
  | 'notification-log'
  | 'tracking'
  | 'outbox'
  | 'outbox-dispatch'
  | 'transactions'
  | 'migrations'
  | 'multi-aggregate-append'
  | 'projections'
  | 'leases'
  | 'log-watch';

/** Every capability, in the order docs list them. */
export const allCapabilities: readonly Capability[] = [
  'snapshots',
  'notification-log',
  'tracking',
  'outbox',
  'outbox-dispatch',
  'transactions',
  'migrations',
  'multi-aggregate-append',
  'projections',
  'leases',
  'log-watch',
];
