/**
 * The JSON body of a message announcing a domain event. It is the decoded event in plain JSON, whatever the
 * application stores (events may be compressed and encrypted at rest; what goes on the wire is not).
 */
export interface EventMessage<P = Record<string, unknown>> {
  /** `<originatorId>:<originatorVersion>`, also the AMQP message id. */
  readonly id: string;
  /** The event class's topic. */
  readonly topic: string;
  /** The id of the aggregate the event happened to. */
  readonly originatorId: string;
  /** The aggregate's version after the event. */
  readonly originatorVersion: number;
  /** ISO 8601. */
  readonly timestamp: string;
  /** The event class's `classVersion`. */
  readonly schemaVersion: number;
  /** The event's payload. */
  readonly payload: P;
}
