import type { Tables } from '../dialect/tables.js';

/**
 * One change to the schema, with its statements for each dialect it concerns. A database records the `id`
 * of every migration it has applied, so ids never change once released.
 */
export interface Migration {
  readonly id: string;
  /** PostgreSQL's statements, applied in order in one transaction; absent when PostgreSQL has nothing to do. */
  readonly postgresql?: (tables: Tables) => readonly string[];
  /** SQLite's statements, likewise. */
  readonly sqlite?: (tables: Tables) => readonly string[];
}
