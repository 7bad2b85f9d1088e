export { consoleLogger, type ConsoleLoggerOptions, type LogDestination } from './console-logger.js';
export type { LogFormat } from './log-format.js';
export { silentLogger, type LogFields, type Logger, type LogLevel } from './logger.js';
export { tracedLogger } from './traced-logger.js';
