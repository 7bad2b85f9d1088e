import type { Aggregate, AggregateClass } from '../aggregate/index.js';
import { IntegrityError } from '../errors/index.js';
import { upcast, type DomainEvent, type EventClass, type TopicRegistry } from '../events/index.js';
import {
  stateBytes,
  type ReadEvent,
  type ReadSnapshot,
  type StoredEvent,
  type StoredSnapshot,
} from '../storage/records.js';
import type { Transcoder } from '../transcoding/index.js';
import type { Cipher } from './cipher.js';
import { ENCRYPTED_HEADER } from './cipher.js';
import { compress, decompress, type Compression } from './compression.js';
import {
  assertEventBody,
  assertSnapshotBody,
  describeRecord,
  type EventBody,
  type SnapshotBody,
} from './stored-bodies.js';

/** Options of the {@link Mapper}. */
export interface MapperOptions {
  /** Resolves stored topics to classes. */
  readonly topics: TopicRegistry;
  /** Turns payloads into bytes and back. */
  readonly transcoder: Transcoder;
  /** @default 'none' */
  readonly compression?: Compression;
  /** Encrypts state when given; unencrypted state is then refused on read. @default undefined */
  readonly cipher?: Cipher | undefined;
}

/** Turns domain events and aggregate snapshots into stored records and back: transcode, compress, encrypt. */
export class Mapper {
  readonly #topics: TopicRegistry;
  readonly #transcoder: Transcoder;
  readonly #compression: Compression;
  readonly #cipher: Cipher | undefined;
  /** The class of the topic read last: reads of one log or aggregate mostly repeat a topic. */
  #lastTopic: string | undefined;
  #lastEventClass: EventClass | undefined;

  constructor(options: MapperOptions) {
    this.#topics = options.topics;
    this.#transcoder = options.transcoder;
    this.#compression = options.compression ?? 'none';
    this.#cipher = options.cipher;
  }

  /** The registry that resolves stored topics to classes. */
  get topics(): TopicRegistry {
    return this.#topics;
  }

  /** The stored form of an event: its payload transcoded, then compressed and encrypted as configured. */
  toStoredEvent(event: DomainEvent): StoredEvent {
    const eventClass = event.constructor as typeof DomainEvent;
    const body: EventBody = {
      t: event.timestamp.getTime(),
      v: eventClass.classVersion,
      p: event.payload as Record<string, unknown>,
    };
    return this.#seal(event.originatorId, event.originatorVersion, event.topic, body);
  }

  /** The event a stored record holds, upcast to its class's current version. */
  toDomainEvent(stored: ReadEvent): DomainEvent {
    const eventClass = this.#eventClassOf(stored.topic);
    const body = this.#open(stored);
    assertEventBody(body, stored);
    // The registry checked every class version, so a payload of the current one needs no upcasting.
    const payload = body.v === eventClass.classVersion ? body.p : upcast(eventClass, body.p, body.v);
    return new eventClass(
      {
        originatorId: stored.originatorId,
        originatorVersion: stored.originatorVersion,
        timestamp: new Date(body.t),
      },
      payload as never,
    );
  }

  /** A snapshot of an aggregate's state, stored like an event. */
  toStoredSnapshot(aggregate: Aggregate): StoredSnapshot {
    const aggregateClass = aggregate.constructor as AggregateClass;
    const state: Record<string, unknown> = { ...aggregate };
    delete state['id'];
    const undefinedKeys = Object.keys(state).filter((key) => state[key] === undefined);
    const body: SnapshotBody = {
      c: aggregate.createdOn?.getTime() ?? null,
      t: aggregate.modifiedOn?.getTime() ?? null,
      s: state,
      ...(undefinedKeys.length > 0 ? { u: undefinedKeys } : {}),
    };
    return this.#seal(aggregate.id, aggregate.version, aggregateClass.topic, body);
  }

  /**
   * The aggregate a stored snapshot holds. @throws IntegrityError when the snapshot is of another class than
   * `expected`
   */
  toAggregate<A extends Aggregate>(stored: ReadSnapshot, expected?: AggregateClass<A>): A {
    const aggregateClass = this.#topics.aggregateClass(stored.topic);
    if (expected && aggregateClass !== expected) {
      throw new IntegrityError(
        `snapshot of ${stored.originatorId} is a ${aggregateClass.name}, not a ${expected.name}`,
      );
    }
    const body = this.#open(stored);
    assertSnapshotBody(body, stored);
    const aggregate = Object.assign(new aggregateClass(stored.originatorId), body.s) as A;
    for (const key of body.u ?? []) (aggregate as unknown as Record<string, unknown>)[key] = undefined;
    aggregate.restore(
      stored.originatorVersion,
      body.c === null ? undefined : new Date(body.c),
      body.t === null ? undefined : new Date(body.t),
    );
    return aggregate;
  }

  #eventClassOf(topic: string): EventClass {
    // Comparing with the last topic is cheaper than hashing every topic string a driver hands back afresh;
    // a topic never changes its class, so the answer stays right.
    if (topic === this.#lastTopic && this.#lastEventClass) return this.#lastEventClass;
    const eventClass = this.#topics.eventClass(topic);
    this.#lastTopic = topic;
    this.#lastEventClass = eventClass;
    return eventClass;
  }

  #seal(originatorId: string, version: number, topic: string, body: object): StoredEvent {
    let state = compress(this.#compression, this.#transcoder.encode(body));
    if (this.#cipher) state = this.#cipher.encrypt(state, associatedData(originatorId, version, topic));
    return { originatorId, originatorVersion: version, topic, state };
  }

  #open(stored: ReadEvent): unknown {
    // A store hands back as text only a plain JSON document, neither compressed nor encrypted; with a cipher
    // configured it takes the path of bytes, to be refused as unencrypted state is.
    if (typeof stored.state === 'string' && !this.#cipher) return this.#transcoder.decodeText(stored.state);
    let state = stateBytes(stored.state);
    if (this.#cipher) {
      state = this.#cipher.decrypt(
        state,
        associatedData(stored.originatorId, stored.originatorVersion, stored.topic),
      );
    } else if (state[0] === ENCRYPTED_HEADER) {
      throw new IntegrityError(`state of ${describeRecord(stored)} is encrypted; configure cipherKey`);
    }
    return this.#transcoder.decode(decompress(state));
  }
}

function associatedData(originatorId: string, version: number, topic: string): Uint8Array {
  return Buffer.from(`${topic}\u0000${originatorId}\u0000${version}`, 'utf8');
}
