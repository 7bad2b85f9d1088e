import zlib from 'node:zlib';
import { ConfigurationError, IntegrityError } from '../errors/index.js';

/** The compression formats the mapper can write. Any of them is read back whatever is configured. */
export type Compression = 'none' | 'zlib' | 'zstd';

/** Every {@link Compression}, for parsing settings. */
export const compressionNames: readonly Compression[] = ['none', 'zlib', 'zstd'];

/** The first byte of compressed state; uncompressed state is JSON and starts with a space, `{` or `[`. */
export const ZLIB_HEADER = 0x01;
export const ZSTD_HEADER = 0x02;

type ZstdZlib = typeof zlib & {
  zstdCompressSync?: (buffer: Uint8Array) => Buffer;
  zstdDecompressSync?: (buffer: Uint8Array) => Buffer;
};
const zstd = zlib as ZstdZlib;

/** True when this Node has zstd (22.15 and later). */
export const zstdAvailable = typeof zstd.zstdCompressSync === 'function';

/** Compresses state and prefixes it with a header byte naming the format. */
export function compress(format: Compression, state: Uint8Array): Uint8Array {
  switch (format) {
    case 'none':
      return state;
    case 'zlib':
      return withHeader(ZLIB_HEADER, zlib.deflateSync(state));
    case 'zstd':
      if (!zstd.zstdCompressSync) throw new ConfigurationError('compression', 'zstd needs Node >= 22.15');
      return withHeader(ZSTD_HEADER, zstd.zstdCompressSync(state));
  }
}

/** Undoes {@link compress}, recognising the format by the header byte. */
export function decompress(bytes: Uint8Array): Uint8Array {
  if (bytes[0] !== ZLIB_HEADER && bytes[0] !== ZSTD_HEADER) return bytes;
  const body = bytes.subarray(1);
  try {
    switch (bytes[0]) {
      case ZLIB_HEADER:
        return zlib.inflateSync(body);
      case ZSTD_HEADER:
        if (!zstd.zstdDecompressSync)
          throw new IntegrityError('state is zstd-compressed; this Node lacks zstd');
        return zstd.zstdDecompressSync(body);
      default:
        return bytes;
    }
  } catch (error) {
    if (error instanceof IntegrityError) throw error;
    throw new IntegrityError('compressed state is corrupt', { cause: error });
  }
}

function withHeader(header: number, body: Uint8Array): Uint8Array {
  const out = Buffer.allocUnsafe(body.byteLength + 1);
  out[0] = header;
  out.set(body, 1);
  return out;
}
