/** An event as the storage sees it: identity, topic and opaque state bytes. */
export interface StoredEvent {
  readonly originatorId: string;
  readonly originatorVersion: number;
  readonly topic: string;
  readonly state: Uint8Array;
}

/** A stored event with its position in the application-wide notification log (1, 2, 3, …). */
export interface Notification extends StoredEvent {
  readonly position: number;
}

/** A snapshot is stored like an event: the aggregate's id, the version it was taken at, its class topic. */
export type StoredSnapshot = StoredEvent;

/**
 * Records that a follower has processed the upstream event at `position` of `application`'s log. Written in
 * the same atomic append as what processing produced, it makes each upstream event count exactly once.
 */
export interface Tracking {
  readonly application: string;
  readonly position: number;
}

/** A message to publish after commit, stored in the same atomic append as the events it announces. */
export interface OutboxMessage {
  /** The message id consumers de-duplicate by, e.g. `<originatorId>:<version>`. */
  readonly id: string;
  readonly topic: string;
  readonly body: Uint8Array;
  readonly headers?: Readonly<Record<string, string>>;
}

/** An outbox row not yet confirmed by the broker. `sequence` orders rows as they were appended. */
export interface PendingOutboxMessage extends OutboxMessage {
  readonly sequence: number;
  readonly createdAt: Date;
}
