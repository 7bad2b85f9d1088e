/** An exchange a relay publishes to or a consumer reads through. All are durable. */
export interface ExchangeSpec {
  /** The name it is declared with. */
  readonly name: string;
  /** The exchange type. */
  readonly type: 'topic' | 'direct';
}

/** A durable queue and the arguments it is declared with (dead-lettering, TTL, queue type). */
export interface QueueSpec {
  /** The name it is declared with. */
  readonly name: string;
  /** The `x-` arguments it is declared with. */
  readonly arguments?: Readonly<Record<string, unknown>>;
}

/** Routes messages of `exchange` whose routing key matches `pattern` to `queue`. */
export interface BindingSpec {
  /** The queue messages are routed to. */
  readonly queue: string;
  /** The exchange they come from. */
  readonly exchange: string;
  /** The routing-key pattern they must match. */
  readonly pattern: string;
}

/** What a relay or consumer needs on the broker. */
export interface Topology {
  /** The exchanges. */
  readonly exchanges: readonly ExchangeSpec[];
  /** The queues. */
  readonly queues: readonly QueueSpec[];
  /** The bindings between them. */
  readonly bindings: readonly BindingSpec[];
}

/** One topology holding every part of the given ones once. */
export function mergeTopologies(...topologies: readonly Topology[]): Topology {
  const unique = <T>(items: T[], key: (item: T) => string): T[] => [
    ...new Map(items.map((item) => [key(item), item] as const)).values(),
  ];
  return {
    exchanges: unique(
      topologies.flatMap((t) => t.exchanges),
      (e) => e.name,
    ),
    queues: unique(
      topologies.flatMap((t) => t.queues),
      (q) => q.name,
    ),
    bindings: unique(
      topologies.flatMap((t) => t.bindings),
      (b) => `${b.queue}\u0000${b.exchange}\u0000${b.pattern}`,
    ),
  };
}
