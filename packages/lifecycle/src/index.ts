export * from './default/index.js';
export * from './errors/index.js';
export * from './holder/index.js';
