/** Where the relay throughput publishes: the suite's topic exchange, bound to one durable queue. */
export interface RelayTarget {
  readonly url: string;
  readonly exchange: string;
  readonly queue: string;
}
