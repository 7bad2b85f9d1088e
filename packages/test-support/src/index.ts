export * from './cassandra/index.js';
export * from './certificates/index.js';
export * from './logging/index.js';
export * from './postgresql/index.js';
export * from './rabbitmq/index.js';
export * from './secrets/index.js';
export * from './servers/index.js';
export * from './telemetry/index.js';
