export { listParked, replayParked, type ParkedMessage } from './parked-messages.js';
