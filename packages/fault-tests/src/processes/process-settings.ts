import type { MikroOrmStrategy } from '@annals/mikro-orm';
import { postgresqlStrategy } from '@annals/mikro-orm/postgresql';

/** What every process of the suite is started with, as JSON in its first argument. */
export interface ProcessSettings {
  /** Names the process in its reports and its broker connection. */
  readonly name: string;
  /** The throwaway database, as the role whose sessions the faults cut and slow down. */
  readonly databaseUrl: string;
  readonly brokerUrl: string;
  /** The exchange the writers' relays publish to and the consumer reads from. */
  readonly exchange: string;
  /** Connections of the strategy's pool: what the pool probe holds all at once. */
  readonly poolSize: number;
}

/** The settings this process was started with. */
export function processSettings(): ProcessSettings {
  const json = process.argv[2];
  if (json === undefined)
    throw new Error('start this process with its settings as JSON in the first argument');
  return JSON.parse(json) as ProcessSettings;
}

/** A strategy on the suite's database, tuned so that recoveries show within seconds. */
export function openStrategy(settings: ProcessSettings): MikroOrmStrategy {
  return postgresqlStrategy({
    url: settings.databaseUrl,
    poolSize: settings.poolSize,
    relayPoolSize: 2,
    outboxDispatchGrace: 2000,
    leaseCheckInterval: 500,
  });
}
