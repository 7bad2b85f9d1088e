export { ApplicationProcess, type ApplicationProcessOptions } from './application-process.js';
export { SingleProcessRunner, type SingleProcessRunnerOptions } from './single-process-runner.js';
export { System, type ApplicationClass, type SystemEdge } from './system.js';
