/** An event as the storage sees it: identity, topic and opaque state bytes. */
export interface StoredEvent {
  /** The id of the aggregate the event happened to. */
  readonly originatorId: string;
  /** The aggregate's version after the event: 1, 2, 3, … without gaps. */
  readonly originatorVersion: number;
  /** The topic of the event's class (of the aggregate's class, for a snapshot). */
  readonly topic: string;
  /** The event's metadata and payload, transcoded and possibly compressed and encrypted. */
  readonly state: Uint8Array;
}

/**
 * A state as a read hands it back: the stored bytes or, where a store reads a state that is a plain JSON
 * document (its first byte a space or `{`) as text, the text those bytes are the UTF-8 of. Reading text
 * spares the store encoding into bytes what the mapper decodes again; {@link stateBytes} gives the bytes.
 */
export type ReadState = Uint8Array | string;

/** A stored event as a read hands it back: its state may be text ({@link ReadState}). */
export interface ReadEvent extends Omit<StoredEvent, 'state'> {
  /** The state's bytes, or the text they are the UTF-8 of. */
  readonly state: ReadState;
}

/** A stored event with its position in the application-wide notification log (1, 2, 3, …). */
export interface Notification extends ReadEvent {
  /** The event's position in the notification log. */
  readonly position: number;
}

/** A snapshot is stored like an event: the aggregate's id, the version it was taken at, its class topic. */
export type StoredSnapshot = StoredEvent;

/** A snapshot as a read hands it back: its state may be text ({@link ReadState}). */
export type ReadSnapshot = ReadEvent;

/** The bytes of a state read back, whether the store handed back bytes or text. */
export function stateBytes(state: ReadState): Uint8Array {
  return typeof state === 'string' ? new Uint8Array(Buffer.from(state, 'utf8')) : state;
}

/**
 * Records that a follower has processed the upstream event at `position` of `application`'s log. Written in
 * the same atomic append as what processing produced, it makes each upstream event count exactly once.
 */
export interface Tracking {
  /** The name of the upstream application. */
  readonly application: string;
  /** The position of the processed event in the upstream application's notification log. */
  readonly position: number;
}

/** Which stored event a message announces. */
export interface EventReference {
  /** The id of the aggregate the event happened to. */
  readonly originatorId: string;
  /** The aggregate's version after the event: 1, 2, 3, … without gaps. */
  readonly originatorVersion: number;
}

/**
 * A message stored in the outbox in the same atomic write as what it announces, and published by a relay
 * after commit. Every part the relay and the consumers need is a field of its own.
 */
export interface OutboxMessage {
  /** The id consumers de-duplicate by; unique per outbox. */
  readonly id: string;
  /**
   * Messages with the same ordering key are published in the order they were written, one at a time
   * across relays (for event messages, the aggregate's id).
   */
  readonly orderingKey: string;
  /** The exchange the message is published to. */
  readonly exchange: string;
  /** The routing key it is published with. */
  readonly routingKey: string;
  /** The MIME type of `body`, e.g. `application/json`. */
  readonly contentType: string;
  /** Message headers, published as they are. @default {} */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** The message's bytes, published as they are. */
  readonly body: Uint8Array;
  /** The event the message announces, when it announces one: its log position travels with the message. */
  readonly event?: EventReference | undefined;
}

/** An outbox row not yet confirmed by the broker. `sequence` orders rows as they were written. */
export interface PendingOutboxMessage extends OutboxMessage {
  /** The order the row was written in. */
  readonly sequence: number;
  /** When the row was written. */
  readonly createdAt: Date;
}
