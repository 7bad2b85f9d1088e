/**
 * What marks a queued job as done in the application's storage: recorded as a processed message of
 * `consumer` in the same transaction as the job's saves, so a job retried after a crash does not repeat
 * their effects.
 */
export interface IdempotencyKey {
  /** The queue library and the queue's name, e.g. `pg-boss/transfers`. */
  readonly consumer: string;
  /** What identifies the job in its queue, the same on every delivery of it. */
  readonly id: string;
}
