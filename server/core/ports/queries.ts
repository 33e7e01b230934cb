/**
 * @module How queries are written once for both engines. A transaction (or a read) hands over `db`, drizzle's
 * common query builder, and `t`, the table objects of the engine it runs on (typed as the SQLite schema of
 * record; the PostgreSQL tables have identical row types, checked at compile time). Rules:
 * - always `await` a query; never `.get()`, `.all()`, `.run()`, `.values()` or `.prepare()` (SQLite-only;
 *   lint forbids them in the core) — use `first()` for one row;
 * - a write that needs to know what it changed uses `.returning({ … })` and counts rows (the driver results
 *   differ: `changes` vs `rowCount`, and `await` of a write without `.returning()` is typed `unknown`);
 * - conflicts with `onConflictDoNothing()` / `onConflictDoUpdate({ target, set })`, `excluded.col` in `sql`;
 * - `sql` fragments only with portable SQL (no `ilike`, `::casts`, `datetime()`, `now()`: time comes from the
 *   injected clock as epoch ms); booleans are booleans, JSON is text (`JSON.parse` in code);
 * - aggregates through drizzle's `count()`, `min(col)`/`max(col)` or `.mapWith(Number)` on a `sql` sum: on PostgreSQL
 *   drizzle sets its own value parsers per query, so a bare `sql<number>` count arrives as a string;
 * - never the relational `db.query` API (needs each dialect's schema); never a table imported directly:
 *   always `q.t.<table>`, so the same code runs on the engine's own table objects.
 */
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type { Tables } from './tables';

export type { Tables } from './tables';

/** drizzle's builder as both engines offer it: select, insert, update, delete (awaited; writes return `unknown`). */
export type QueryBuilder = Pick<BaseSQLiteDatabase<'async', unknown>, 'select' | 'selectDistinct' | 'insert' | 'update' | 'delete' | '$with' | 'with'>;

export type Engine = 'sqlite' | 'postgres';

/** What a read or a transaction offers to query with. */
export interface Queries {
  readonly db: QueryBuilder;
  readonly t: Tables;
  readonly engine: Engine;
  /**
   * What this transaction (or read) already looked up, for data that rarely changes and is read many times
   * per transaction (settings): keys are namespaced by their owner (`setting:…`). Whoever writes such data
   * in the transaction updates its entry; a savepoint that rolls back forgets everything. Absent on bare
   * `Queries` (every lookup then goes to the database).
   */
  readonly memo?: Map<string, unknown>;
  /**
   * Makes the rest of this transaction wait for any other transaction that called it with the same `name` until that
   * one ends, and holds `name` until this one ends (after a savepoint is rolled back, asking again takes it again). For
   * a read and write that must not interleave with another transaction's (the assignment: loads read, a move planned).
   * Absent where transactions never run at once (SQLite's one writer) and on reads.
   */
  readonly serialize?: (name: string) => Promise<void>;
}

/** The first row of a query's result (add `.limit(1)` to the query when more could match). */
export async function first<T>(rows: PromiseLike<T[]>): Promise<T | undefined> {
  return (await rows)[0];
}
