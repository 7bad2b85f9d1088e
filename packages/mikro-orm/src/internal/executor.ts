import type { Kysely, Transaction } from 'kysely';
import type { Statement } from '../dialect/dialect.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- our SQL is not typed through Kysely's schema
export type Executor = Kysely<any> | Transaction<any>;

/** Runs one statement, on `db` when given, converting driver errors. */
export type Query = <R>(statement: Statement, db?: Executor) => Promise<R[]>;
