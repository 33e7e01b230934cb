/**
 * @module Prepared statements kept per SQLite connection, for the drizzle instance of the unit of work. drizzle
 * compiles each query to SQL text and asks its client to `prepare` it every time; better-sqlite3 then parses and
 * plans the statement again — on the hot path (one customer message makes dozens of queries) that was most of the
 * cost of the query builder. The client handed to drizzle is the connection with `prepare` answered from a cache
 * keyed by SQL text (values are bound per call, so the text repeats). drizzle runs each statement to completion
 * at once (`all`/`get`/`run`, never an open iterator), so one statement object can serve every caller; its
 * `raw` mode, which drizzle switches on for some reads, is switched back off before it is handed out again.
 */
import type Database from 'better-sqlite3';

/** Distinct statements kept per connection (SQL text varies with `in (…)` list lengths): dropped all at once beyond it. */
const MAX_STATEMENTS = 2000;

export function withStatementCache(sqlite: Database.Database): Database.Database {
  const cache = new Map<string, Database.Statement>();
  const prepare = (source: string): Database.Statement => {
    let stmt = cache.get(source);
    if (stmt) {
      if (stmt.reader) stmt.raw(false);
      return stmt;
    }
    stmt = sqlite.prepare(source);
    if (cache.size >= MAX_STATEMENTS) cache.clear();
    cache.set(source, stmt);
    return stmt;
  };
  return new Proxy(sqlite, {
    get(target, prop) {
      if (prop === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
