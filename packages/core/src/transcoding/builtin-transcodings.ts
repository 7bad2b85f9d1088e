import { ValidationError } from '../errors/index.js';
import type { Transcoding } from './transcoding.js';

const date: Transcoding<Date, string> = {
  name: 'Date',
  type: Date,
  encode: (value) => {
    if (Number.isNaN(value.getTime())) throw new ValidationError('cannot transcode an invalid Date');
    return value.toISOString();
  },
  decode: (data) => new Date(data),
};

const map: Transcoding<Map<unknown, unknown>, [unknown, unknown][]> = {
  name: 'Map',
  type: Map,
  encode: (value) => [...value],
  decode: (data) => new Map(data),
};

const set: Transcoding<Set<unknown>, unknown[]> = {
  name: 'Set',
  type: Set,
  encode: (value) => [...value],
  decode: (data) => new Set(data),
};

/** Transcodings every transcoder starts with. BigInt and byte arrays are handled directly. */
export const builtinTranscodings: readonly Transcoding[] = [date, map, set] as readonly Transcoding[];
