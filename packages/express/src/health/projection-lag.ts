/** The most lag a projection may have before `GET /health/projections` answers 503. */
export interface ProjectionLagLimit {
  /** Unprocessed upstream events. @default no limit */
  readonly events?: number;
  /** Seconds since the oldest unprocessed event happened. @default no limit */
  readonly seconds?: number;
}
