/** Turns the payload of one class version into the payload of the next. */
export type Upcaster = (payload: Record<string, unknown>) => Record<string, unknown>;

/** What every event knows about where it belongs. */
export interface EventMetadata {
  /** The id of the aggregate the event happened to. */
  readonly originatorId: string;
  /** 1 for an aggregate's first event, then 2, 3, … with no gaps. */
  readonly originatorVersion: number;
  /** When the event was triggered. */
  readonly timestamp: Date;
}

/**
 * An immutable fact about an aggregate. Subclasses name a stable `topic` and carry a typed payload.
 *
 * @example
 * ```ts
 * export class Deposited extends DomainEvent<{ amount: number }> {
 *   static override readonly topic = 'BankAccount.Deposited';
 * }
 * ```
 */
export class DomainEvent<P extends object = object> implements EventMetadata {
  /** The stable name stored with each event; never change it once events are stored. */
  declare static readonly topic: string;
  /** Earlier topics of this class, still resolvable after a rename. @default [] */
  static readonly aliases: readonly string[] = [];
  /** The payload schema version; bump it and add an upcaster when the payload changes shape. @default 1 */
  static readonly classVersion: number = 1;
  /** `upcasters[i]` turns a version `i + 1` payload into a version `i + 2` one. @default [] */
  static readonly upcasters: readonly Upcaster[] = [];

  // Declared, not defined as class fields: the constructor's assignments give every event one shape at once.
  declare readonly originatorId: string;
  declare readonly originatorVersion: number;
  declare readonly timestamp: Date;
  /** The facts of the event, frozen. */
  declare readonly payload: Readonly<P>;

  constructor(metadata: EventMetadata, payload: P) {
    this.originatorId = metadata.originatorId;
    this.originatorVersion = metadata.originatorVersion;
    this.timestamp = metadata.timestamp;
    this.payload = Object.freeze(payload);
  }

  /** The topic of this event's class. */
  get topic(): string {
    return (this.constructor as EventClass).topic;
  }
}

/** The payload type of an event class or instance. */
export type PayloadOf<E> = E extends DomainEvent<infer P> ? P : never;

/**
 * A concrete event class, as the topic registry and the mapper see it. The payload parameter is `never` so
 * that every event class, whatever its payload, fits; code that constructs events knows the payload type.
 */
export interface EventClass<E extends DomainEvent = DomainEvent> {
  new (metadata: EventMetadata, payload: never): E;
  /** The event class's stable topic, stored with each event. */
  readonly topic: string;
  /** Former topics of the class, still resolved when stored events are read. */
  readonly aliases: readonly string[];
  /** The version of the payload's shape; stored events of older versions are upcast. */
  readonly classVersion: number;
  /** `upcasters[i]` turns a version `i + 1` payload into a version `i + 2` one. */
  readonly upcasters: readonly Upcaster[];
  /** The class's name, for messages. */
  readonly name: string;
}
