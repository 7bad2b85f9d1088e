import { amqpSuite } from './amqp/index.js';
import { cassandraSuite } from './cassandra/index.js';
import type { Suite } from './harness/index.js';
import { memorySuite } from './memory/index.js';
import { projectionsSuite } from './projections/index.js';
import { sqlSuite } from './sql/index.js';

/** The suites `cli.js` runs, by name. */
export const suites: ReadonlyMap<string, Suite> = new Map(
  [sqlSuite, cassandraSuite, amqpSuite, projectionsSuite, memorySuite].map((suite) => [suite.name, suite]),
);
