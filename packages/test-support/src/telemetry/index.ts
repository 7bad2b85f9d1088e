export { recordTelemetry, type RecordedTelemetry } from './recorded-telemetry.js';
