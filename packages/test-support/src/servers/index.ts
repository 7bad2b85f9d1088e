export { freePort } from './free-port.js';
export { ServerProcess, type ServerProcessOptions } from './server-process.js';
export { handOver, serverUser, type SystemUser } from './system-user.js';
