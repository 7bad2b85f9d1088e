export { initApplicationProcess, type InitApplicationProcessOptions } from './init-application-process.js';
