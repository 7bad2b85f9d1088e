export { consoleLogger, silentLogger, type Logger } from './logger.js';
