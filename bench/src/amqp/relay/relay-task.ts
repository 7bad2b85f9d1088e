/**
 * The work one measurement of the relay throughput asks of a contender: publish `rows` committed outbox
 * messages to the broker and have every one confirmed.
 */
export interface RelayTask {
  readonly rows: number;
}
