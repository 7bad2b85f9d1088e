import test, { type ExecutionContext } from 'ava';
import fc from 'fast-check';
import { Aggregate } from '../aggregate/index.js';
import { isAnnalsError, isConfigurationError, isIntegrityError } from '../errors/index.js';
import { DomainEvent, TopicRegistry } from '../events/index.js';
import type { StoredEvent } from '../storage/index.js';
import { Transcoder } from '../transcoding/index.js';
import { Cipher } from './cipher.js';
import { compressionNames, type Compression } from './compression.js';
import { Mapper } from './mapper.js';

class Noted extends DomainEvent<{ text: string }> {
  static override readonly topic = 'Fuzz.Noted';
}

class Note extends Aggregate {
  static override readonly topic = 'Fuzz.Note';
  static override readonly events = [Noted];
  text = '';
  protected override apply(event: DomainEvent): void {
    if (event instanceof Noted) this.text = event.payload.text;
  }
}

const topics = new TopicRegistry();
topics.registerAggregate(Note);
const ID = '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b';
const key = Cipher.generateKey();

const mapperWith = (compression: Compression, encrypted: boolean): Mapper =>
  new Mapper({
    topics,
    transcoder: new Transcoder(),
    compression,
    cipher: encrypted ? new Cipher(key) : undefined,
  });

const configs = fc.record({ compression: fc.constantFrom(...compressionNames), encrypted: fc.boolean() });

/** Bytes as a damaged or hostile store could hand back, biased to start like each kind of real state. */
const arbitraryState = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc
    .tuple(fc.constantFrom(0x01, 0x02, 0x20, 0x7b, 0x80), fc.uint8Array({ maxLength: 300 }))
    .map(([header, rest]) => Uint8Array.of(header, ...rest)),
  fc.jsonValue().map((value) => Buffer.from(` ${JSON.stringify(value)}`)),
  fc
    .record({ t: fc.jsonValue(), v: fc.jsonValue(), p: fc.jsonValue() }, { requiredKeys: [] })
    .map((body) => Buffer.from(JSON.stringify(body))),
  fc
    .record({
      t: fc.oneof(fc.integer(), fc.double()),
      v: fc.integer({ min: -1, max: 2 }),
      p: fc.object(),
      c: fc.oneof(fc.constant(null), fc.integer()),
      s: fc.object(),
      u: fc.array(fc.string(), { maxLength: 2 }),
    })
    .map((body) => Buffer.from(` ${JSON.stringify(body)}`)),
);

/** A mutation of valid state: bytes cut off, inserted or overwritten. */
const arbitraryMutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
  }),
  fc.record({
    kind: fc.constant('overwrite' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
  }),
);

type Mutation = typeof arbitraryMutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(state: Uint8Array, mutation: Mutation): Uint8Array {
  const at = mutation.at % (state.byteLength + 1);
  const bytes = [...state];
  if (mutation.kind === 'truncate') return Uint8Array.from(bytes.slice(0, at));
  if (mutation.kind === 'insert')
    return Uint8Array.from([...bytes.slice(0, at), ...mutation.bytes, ...bytes.slice(at)]);
  const overwritten = [...bytes];
  mutation.bytes.forEach((byte, offset) => {
    if (at + offset < overwritten.length) overwritten[at + offset] = byte;
  });
  return Uint8Array.from(overwritten);
}

/**
 * Runs `decode`, which must return, or throw an IntegrityError (or, for a tagged value of a type nobody
 * registered, a ConfigurationError saying so), never anything else. @returns what it returned
 */
function decodeOrRefuse<T>(t: ExecutionContext, decode: () => T): T | undefined {
  try {
    return decode();
  } catch (error) {
    const clear =
      isIntegrityError(error) ||
      (isConfigurationError(error) && /no transcoding is registered/.test(error.message));
    if (!isAnnalsError(error) || !clear) t.fail(`decoding threw ${String(error)}`);
    return undefined;
  }
}

const stored = (state: Uint8Array, topic = Noted.topic): StoredEvent => ({
  originatorId: ID,
  originatorVersion: 1,
  topic,
  state,
});

test('property: any bytes decode to a well-formed event or give an IntegrityError, never another error', (t) => {
  fc.assert(
    fc.property(arbitraryState, configs, (state, { compression, encrypted }) => {
      const event = decodeOrRefuse(t, () => mapperWith(compression, encrypted).toDomainEvent(stored(state)));
      if (event === undefined) return;
      t.false(encrypted, 'bytes nobody encrypted never pass authentication');
      t.true(event instanceof Noted);
      t.false(Number.isNaN(event.timestamp.getTime()), 'the timestamp is a time');
      t.true(typeof event.payload === 'object' && event.payload !== null, 'the payload is an object');
    }),
    { numRuns: 2000 },
  );
  t.pass();
});

test('property: any bytes decode to a well-formed snapshot or give an IntegrityError, never another error', (t) => {
  fc.assert(
    fc.property(arbitraryState, configs, (state, { compression, encrypted }) => {
      const snapshot = { ...stored(state, Note.topic), originatorVersion: 3 };
      const note = decodeOrRefuse(t, () => mapperWith(compression, encrypted).toAggregate(snapshot, Note));
      if (note === undefined) return;
      t.false(encrypted, 'bytes nobody encrypted never pass authentication');
      t.true(note instanceof Note);
      t.is(note.version, 3);
    }),
    { numRuns: 2000 },
  );
  t.pass();
});

test('property: mutated state gives an IntegrityError, or with no cipher at most an event of the same class', (t) => {
  fc.assert(
    fc.property(fc.string(), configs, arbitraryMutation, (text, { compression, encrypted }, mutation) => {
      const mapper = mapperWith(compression, encrypted);
      const original = mapper.toStoredEvent(
        new Noted({ originatorId: ID, originatorVersion: 1, timestamp: new Date(0) }, { text }),
      );
      const state = mutate(original.state, mutation);
      const event = decodeOrRefuse(t, () => mapper.toDomainEvent({ ...original, state }));
      if (event === undefined || Buffer.from(state).equals(Buffer.from(original.state))) return;
      // Only authenticated state proves it is what was written: encrypted state never decodes changed.
      t.false(encrypted, `a ${mutation.kind} of encrypted state decoded`);
      t.true(event instanceof Noted);
    }),
    { numRuns: 2000 },
  );
  t.pass();
});

test('state nested far deeper than anything written gives an IntegrityError, not a stack overflow', (t) => {
  const depth = 100_000;
  const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
  for (const text of [
    ` {"t":0,"v":1,"p":{"text":${nested}}}`,
    `{"t":0,"v":1,"p":{"#":"Object","v":${nested}}}`,
    `{"t":0,"v":1,"p":{"text":${'{"#":"Object","v":'.repeat(depth)}{}${'}'.repeat(depth)}}}`,
  ]) {
    for (const compression of compressionNames) {
      decodeOrRefuse(t, () => mapperWith(compression, false).toDomainEvent(stored(Buffer.from(text))));
    }
  }
  t.pass();
});
