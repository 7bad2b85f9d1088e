/** The headers Annals puts on the messages it publishes, and reads back. */
export const Header = {
  /** The event's topic, e.g. `BankAccount.Opened`, also when the routing key is qualified by a service. */
  topic: 'annals-topic',
  /** The outbox message's ordering key: messages with the same key are published, and consumed, in order. */
  orderingKey: 'annals-ordering-key',
  /** The event's notification position in the producing application's log (when it keeps one). */
  position: 'annals-position',
  /** When the event happened, ISO 8601 with milliseconds. */
  timestamp: 'annals-timestamp',
  /** The event class's `classVersion`: the shape of `payload`. */
  schemaVersion: 'annals-schema-version',
  /** Which delivery attempt this is, from 1; set on retries and replays. */
  attempt: 'annals-attempt',
  /** Why the last attempt failed, on retried and parked messages. */
  error: 'annals-error',
  /** When the message was parked. */
  parkedAt: 'annals-parked-at',
} as const;
