export { Cipher } from './cipher.js';
export { compressionNames, zstdAvailable, type Compression } from './compression.js';
export { Mapper, type MapperOptions } from './mapper.js';
