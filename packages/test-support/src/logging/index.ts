export { RecordingLogger, type LoggedLine } from './recording-logger.js';
