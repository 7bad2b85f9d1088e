import { ConfigurationError, IntegrityError, ValidationError } from '../errors/index.js';
import { builtinTranscodings } from './builtin-transcodings.js';
import type { Transcoding } from './transcoding.js';

/** The key that marks a tagged value. Plain objects that use it themselves are escaped. */
const TAG = '#';
const BIGINT = 'BigInt';
const BYTES = 'Uint8Array';
const NUMBER = 'Number';
const OBJECT = 'Object';

type Tagged = { [TAG]: string; v: unknown };

/** Marks a document that holds no tagged value: JSON allows leading whitespace, so any JSON reader still reads it. */
const PLAIN = ' ';

/** Decodes any Uint8Array view as it is, with no Buffer made around it (replacing malformed bytes, as Buffer does). */
const utf8 = new TextDecoder();

/**
 * Turns values into UTF-8 JSON bytes and back, keeping types JSON lacks: Date, BigInt, Uint8Array (and
 * Buffer), Map, Set, non-finite numbers, and any type registered with a {@link Transcoding}.
 * Instances of unregistered classes are refused rather than silently flattened.
 */
export class Transcoder {
  readonly #byType = new Map<unknown, Transcoding>();
  readonly #byName = new Map<string, Transcoding>();
  readonly #replacer: (this: Record<string, unknown>, key: string, value: unknown) => unknown;
  readonly #reviver = (_key: string, value: unknown): unknown => this.#revive(value);

  constructor(transcodings: readonly Transcoding[] = []) {
    // JSON.stringify hands the replacer values after toJSON (a Date is already a string); the holder, bound
    // to `this`, still has the original.
    const replace = (raw: unknown, value: unknown): unknown => this.#replace(raw, value);
    this.#replacer = function (key, value) {
      return replace(this[key], value);
    };
    for (const transcoding of [...builtinTranscodings, ...transcodings]) this.register(transcoding);
  }

  /** Adds a transcoding for a user type. */
  register(transcoding: Transcoding): void {
    if ([BIGINT, BYTES, NUMBER, OBJECT].includes(transcoding.name) || this.#byName.has(transcoding.name)) {
      throw new ValidationError(`a transcoding named "${transcoding.name}" is already registered`);
    }
    const existing = this.#byType.get(transcoding.type);
    if (existing) {
      throw new ValidationError(`${transcoding.type.name} is already transcoded as "${existing.name}"`);
    }
    this.#byType.set(transcoding.type, transcoding);
    this.#byName.set(transcoding.name, transcoding);
  }

  /**
   * JSON bytes for `value`. A document with no tagged value starts with one space, so that
   * reading it needs neither a reviver nor a scan for tags.
   */
  encode(value: unknown): Uint8Array {
    // A replacer costs a call back into JavaScript for every value; most payloads are plain JSON and need none.
    if (!needsTags(value)) return Buffer.from(PLAIN + JSON.stringify(value), 'utf8');
    if (typeof value === 'object' && value !== null) assertNesting(value);
    const json = JSON.stringify(value, this.#replacer);
    return Buffer.from(json, 'utf8');
  }

  /** The value `bytes` were encoded from. */
  decode(bytes: Uint8Array): unknown {
    return this.decodeText(utf8.decode(bytes));
  }

  /** The value whose encoding is the UTF-8 of `text`: what {@link decode} gives for those bytes. */
  decodeText(text: string): unknown {
    try {
      // Most payloads carry no tagged values; parsing them without a reviver is much faster. Documents
      // written before the PLAIN mark existed are scanned for a tag instead.
      if (text.startsWith(PLAIN) || !text.includes(`"${TAG}"`)) return JSON.parse(text);
      return JSON.parse(text, this.#reviver);
    } catch (error) {
      if (error instanceof IntegrityError || error instanceof ConfigurationError) throw error;
      if (error instanceof SyntaxError)
        throw new IntegrityError('stored state is not valid JSON', { cause: error });
      // The reviver recurses as deep as the document nests: far deeper than anything written exhausts the stack.
      if (error instanceof RangeError)
        throw new IntegrityError(`stored state nests deeper than ${MAX_NESTING} levels`, { cause: error });
      throw new IntegrityError('stored state holds a tagged value that cannot be decoded', { cause: error });
    }
  }

  #replace(raw: unknown, value: unknown): unknown {
    switch (typeof raw) {
      case 'string':
      case 'boolean':
        return value;
      case 'number':
        return Number.isFinite(raw) ? value : tagged(NUMBER, String(raw));
      case 'bigint':
        return tagged(BIGINT, raw.toString());
      case 'object':
        return raw === null ? null : this.#replaceObject(raw, value);
      case 'undefined':
      case 'function':
      case 'symbol':
        return value;
    }
  }

  #replaceObject(raw: object, value: unknown): unknown {
    if (Array.isArray(raw)) return value;
    const prototype: unknown = Object.getPrototypeOf(raw);
    if (prototype === Object.prototype || prototype === null) {
      return Object.hasOwn(raw, TAG) ? tagged(OBJECT, Object.entries(raw)) : raw;
    }
    const transcoding = this.#byType.get(raw.constructor);
    if (transcoding) return tagged(transcoding.name, transcoding.encode(raw));
    if (raw instanceof Uint8Array)
      return tagged(BYTES, Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64'));
    throw new ValidationError(
      `cannot transcode an instance of ${raw.constructor.name}: register a Transcoding for it`,
    );
  }

  #revive(value: unknown): unknown {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, TAG)) return value;
    const { [TAG]: name, v } = value as Tagged;
    if (typeof name !== 'string') throw new IntegrityError('a stored tagged value has no type name');
    switch (name) {
      case BIGINT:
        if (!/^-?\d+$/.test(expectString(name, v)))
          throw new IntegrityError('a stored BigInt is not an integer');
        return BigInt(v as string);
      case BYTES:
        return new Uint8Array(Buffer.from(expectString(name, v), 'base64'));
      case NUMBER:
        return Number(expectString(name, v));
      case OBJECT:
        if (!Array.isArray(v) || !v.every((entry) => Array.isArray(entry) && typeof entry[0] === 'string')) {
          throw new IntegrityError(`a stored ${OBJECT} value is not a list of entries`);
        }
        return Object.fromEntries(v as [string, unknown][]);
      default: {
        const transcoding = this.#byName.get(name);
        if (!transcoding) {
          throw new ConfigurationError(
            'transcodings',
            `no transcoding is registered for stored type ${JSON.stringify(name)}: register one with that name`,
          );
        }
        return transcoding.decode(v);
      }
    }
  }
}

/** How deeply values may nest in a payload or snapshot: deeper ones are refused when they are written. */
export const MAX_NESTING = 200;

/**
 * True when plain `JSON.stringify` would lose something: a type JSON lacks, or an object using the tag key.
 * Refuses values nested deeper than {@link MAX_NESTING}, which would exhaust the stack on the way out.
 */
function needsTags(value: unknown, depth = 0): boolean {
  switch (typeof value) {
    case 'number':
      return !Number.isFinite(value);
    case 'bigint':
      return true;
    case 'object': {
      if (value === null) return false;
      if (depth >= MAX_NESTING) {
        throw new ValidationError(`values may nest at most ${MAX_NESTING} levels deep`);
      }
      if (Array.isArray(value)) return value.some((item) => needsTags(item, depth + 1));
      const prototype: unknown = Object.getPrototypeOf(value);
      if ((prototype !== Object.prototype && prototype !== null) || Object.hasOwn(value, TAG)) return true;
      for (const key in value) if (needsTags((value as Record<string, unknown>)[key], depth + 1)) return true;
      return false;
    }
    case 'string':
    case 'boolean':
    case 'undefined':
    case 'function':
    case 'symbol':
      return false;
  }
}

/** Refuses a value nested deeper than {@link MAX_NESTING} anywhere: `needsTags` stops at the first tag. */
function assertNesting(value: object, depth = 0): void {
  if (depth >= MAX_NESTING) throw new ValidationError(`values may nest at most ${MAX_NESTING} levels deep`);
  const children: unknown[] =
    value instanceof Map
      ? [...(value as Map<unknown, unknown>).keys(), ...(value as Map<unknown, unknown>).values()]
      : value instanceof Set
        ? [...(value as Set<unknown>)]
        : Object.values(value);
  for (const child of children)
    if (typeof child === 'object' && child !== null) assertNesting(child, depth + 1);
}

/** The string a stored tagged value of type `name` must hold. */
function expectString(name: string, v: unknown): string {
  if (typeof v !== 'string') throw new IntegrityError(`a stored ${name} value is not a string`);
  return v;
}

function tagged(name: string, v: unknown): Tagged {
  return { [TAG]: name, v };
}
