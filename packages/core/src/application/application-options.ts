import type { Environment, Settings } from '../config/index.js';
import type { Logger } from '../logging/index.js';
import type { Compression } from '../mapping/index.js';
import type { SnapshotIntervals } from '../policies/index.js';
import type { ActiveRecordStrategy } from '../storage/index.js';
import type { Transcoding } from '../transcoding/index.js';

/** What a strategy factory gets to build its strategy from. */
export interface StrategyContext {
  /** The application's name. */
  readonly name: string;
  /** Resolves the factory's own settings with the application's prefix. */
  readonly settings: Settings;
  /** The application's logger, for the strategy to log through. */
  readonly logger: Logger;
}

/** Builds the storage for a `persistence` name. */
export type StrategyFactory = (context: StrategyContext) => ActiveRecordStrategy;

/**
 * Options of an {@link Application}. Each one not given is read from the environment (`<NAME>_<SETTING>`,
 * then `ANNALS_<SETTING>`), then defaults.
 */
export interface ApplicationOptions {
  /** Names the application in logs, tracking records and environment prefixes. @default the class name */
  readonly name?: string;
  /** The storage to use; when absent, `persistence` picks one. */
  readonly strategy?: ActiveRecordStrategy;
  /**
   * Which storage to build when no `strategy` is given (env `PERSISTENCE`): `memory` or the name of one of
   * the `strategies`.
   * @default 'memory' in a test run (`NODE_ENV=test`, as AVA, Jest and Vitest set it, or under `node --test`),
   * otherwise 'sqlite': the embedded default, an SQLite file in `./data/`, which needs `sqlitePersistence`
   * among the `strategies`
   */
  readonly persistence?: string;
  /** Factories for `persistence` names besides `memory`, e.g. from `@annals/mikro-orm`. @default {} */
  readonly strategies?: Readonly<Record<string, StrategyFactory>>;
  /** Compression of stored state (env `COMPRESSION`). @default 'none' */
  readonly compression?: Compression;
  /** 32-byte AES-256-GCM key, or its base64 (env `CIPHER_KEY`); encrypts stored state. @default undefined */
  readonly cipherKey?: string | Uint8Array;
  /** Snapshot every N events, for all classes or per aggregate topic (env `SNAPSHOT_INTERVAL`). @default 0 (never) */
  readonly snapshotInterval?: SnapshotIntervals;
  /** Transcodings for user types in payloads and snapshots. @default [] */
  readonly transcodings?: readonly Transcoding[];
  /** Where to read settings not given as options. @default process.env */
  readonly env?: Environment;
  /** @default silent */
  readonly logger?: Logger;
}
