export type { ErrorClass, ErrorExpectation } from './error-expectation.js';
export { event, type EventFact, type EventType } from './event-fact.js';
export type { Checked, Outcome } from './outcome.js';
export type { Specification } from './specification.js';
export { specify, type SpecifyOptions } from './specify.js';
