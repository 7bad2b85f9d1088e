import { resolveOptions, type CassandraStrategyOptions } from '../options/index.js';
import { driverConnector, type Connector } from '../internal/executor.js';
import { CassandraStrategy } from './cassandra-strategy.js';

/**
 * A Cassandra event store with a driver client of its own, which it closes on `close()`. Nothing is sent
 * until the first operation; malformed options fail here with a `ValidationError`.
 *
 * @example
 * ```ts
 * const strategy = cassandraStrategy({ contactPoints: ['10.0.0.1:9042'], keyspace: 'bank' });
 * await strategy.migrate();
 * await using bank = new Bank({ strategy });
 * ```
 */
export function cassandraStrategy(options: CassandraStrategyOptions = {}): CassandraStrategy {
  return openStrategy(options, driverConnector);
}

/** {@link cassandraStrategy} with the connector given: the seam tests use to inject faults. */
export function openStrategy(options: CassandraStrategyOptions, connector: Connector): CassandraStrategy {
  const resolved = resolveOptions(options);
  return new CassandraStrategy(resolved, connector(resolved));
}
