import { createHash } from 'node:crypto';
import type { Statement } from '../dialect/dialect.js';

/** The part of `pg`'s pool that runs a named (server-side prepared) statement. */
export interface NativePool {
  query<R>(config: {
    name: string;
    text: string;
    values: unknown[];
    rowMode?: 'array';
    types?: TypeParsers;
  }): Promise<{ rows: R[] }>;
}

/** How `pg` turns a column's text into a value, by the column type's oid. */
export interface TypeParsers {
  getTypeParser(oid: number, format?: string): (text: string) => unknown;
}

/** The oids of `bigint` and `integer`. */
const INT8 = 20;
const INT4 = 23;

/**
 * Runs statements as named prepared statements on `pg`'s pool: PostgreSQL parses and plans each text once
 * per connection instead of on every call, which halves its CPU time per append. The name is a hash of the
 * text, so strategies sharing a pool never give one name two texts.
 */
export class PreparedStatements {
  readonly #names = new Map<string, string>();
  readonly #tupleTypes: TypeParsers;

  /**
   * @param defaults `pg`'s parsers: tuple reads keep them for every type but the integers, which they
   *   make numbers straight away (positions and versions stay far below 2^53)
   */
  constructor(
    readonly pool: NativePool,
    defaults: TypeParsers,
  ) {
    this.#tupleTypes = {
      getTypeParser: (oid, format) =>
        oid === INT8 || oid === INT4 ? Number : defaults.getTypeParser(oid, format),
    };
  }

  async query<R>(statement: Statement): Promise<R[]> {
    const result = await this.pool.query<R>({
      name: this.#nameOf(statement.sql),
      text: statement.sql,
      values: [...statement.params],
    });
    return result.rows;
  }

  /** Runs `statement` with each row an array of its columns, which `pg` builds faster than an object. */
  async queryTuples(statement: Statement): Promise<unknown[][]> {
    const result = await this.pool.query<unknown[]>({
      name: this.#nameOf(statement.sql),
      text: statement.sql,
      values: [...statement.params],
      rowMode: 'array',
      types: this.#tupleTypes,
    });
    return result.rows;
  }

  #nameOf(sql: string): string {
    let name = this.#names.get(sql);
    if (name === undefined) {
      name = `annals_${createHash('sha256').update(sql).digest('base64url').slice(0, 24)}`;
      // Statement texts depend on their shape only, so they are few; stop remembering if that ever changes.
      if (this.#names.size < 1000) this.#names.set(sql, name);
    }
    return name;
  }
}
