import { ValidationError } from '@annals/core';

/** One copy of each row on `replicationFactor` nodes of the cluster, placed without regard to data centres. */
export interface SimpleReplication {
  /** Cassandra's replication class. */
  readonly class: 'SimpleStrategy';
  /** How many copies of each row the cluster keeps. */
  readonly replicationFactor: number;
}

/** So many copies of each row in each named data centre: the choice for production clusters. */
export interface NetworkTopologyReplication {
  /** Cassandra's replication class. */
  readonly class: 'NetworkTopologyStrategy';
  /** Copies per data centre, e.g. `{ dc1: 3, dc2: 3 }`. */
  readonly dataCenters: Readonly<Record<string, number>>;
}

/** How `migrate()` creates the keyspace; an existing keyspace is left as it is. */
export type Replication = SimpleReplication | NetworkTopologyReplication;

const DATA_CENTER = /^[A-Za-z0-9_.-]{1,128}$/;

/** Rejects a malformed replication setting before it is written into the keyspace's CQL. */
export function assertReplication(replication: Replication): void {
  if (replication.class !== 'SimpleStrategy' && replication.class !== 'NetworkTopologyStrategy') {
    throw new ValidationError('replication class must be SimpleStrategy or NetworkTopologyStrategy');
  }
  const factors =
    replication.class === 'SimpleStrategy'
      ? [['replicationFactor', replication.replicationFactor] as const]
      : Object.entries(replication.dataCenters);
  if (factors.length === 0) throw new ValidationError('replication needs at least one data centre');
  for (const [name, factor] of factors) {
    if (!DATA_CENTER.test(name))
      throw new ValidationError(`data centre name ${JSON.stringify(name)} is invalid`);
    if (!Number.isSafeInteger(factor) || factor < 1) {
      throw new ValidationError(
        `replication factor of ${name} must be an integer >= 1; got ${String(factor)}`,
      );
    }
  }
}

/** The keyspace's `replication` map in CQL, e.g. `{'class': 'SimpleStrategy', 'replication_factor': 1}`. */
export function replicationCql(replication: Replication): string {
  const entries =
    replication.class === 'SimpleStrategy'
      ? [['replication_factor', replication.replicationFactor] as const]
      : Object.entries(replication.dataCenters);
  return `{${[`'class': '${replication.class}'`, ...entries.map(([k, v]) => `'${k}': ${v}`)].join(', ')}}`;
}

/**
 * Parses the text form of a replication setting: a bare factor (`3`) for `SimpleStrategy`, or per data
 * centre factors (`dc1:3,dc2:3`) for `NetworkTopologyStrategy`.
 */
export function parseReplication(text: string): Replication {
  const replication = parse(text);
  assertReplication(replication);
  return replication;
}

function parse(text: string): Replication {
  if (/^\s*\d+\s*$/.test(text)) return { class: 'SimpleStrategy', replicationFactor: Number(text) };
  const dataCenters: Record<string, number> = {};
  for (const part of text.split(',')) {
    const match = /^\s*([^:\s]+)\s*:\s*(\d+)\s*$/.exec(part);
    if (!match?.[1] || !match[2]) {
      throw new Error('expected a replication factor (3) or data centre factors (dc1:3,dc2:3)');
    }
    dataCenters[match[1]] = Number(match[2]);
  }
  return { class: 'NetworkTopologyStrategy', dataCenters };
}
