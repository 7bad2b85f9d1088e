export { Policy, type PolicyHandler } from './policy.js';
export { Processing } from './processing.js';
export { ProcessApplication } from './process-application.js';
export { ProcessRunner, type ProcessRunnerOptions, type ProcessStatus } from './process-runner.js';
