/**
 * @module The SQLite unit of work. better-sqlite3 refuses a transaction function that returns a promise, so:
 * one write connection, an async mutex around `BEGIN IMMEDIATE … COMMIT/ROLLBACK`, and only database work
 * awaited inside (the connection is held for the whole function). Reads outside a transaction go to a second,
 * query-only connection (WAL snapshot of committed data) — or, for `:memory:` (one connection only), wait for
 * the open transaction to finish, so they never observe or join it. While another connection (another process)
 * holds the write lock, `BEGIN IMMEDIATE` is retried with an asynchronous backoff instead of SQLite's busy
 * wait, which would block the event loop — and with it the very transaction holding the lock when both
 * connections live in one process.
 */
import { Mutex } from 'async-mutex';
import type Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from '../../../db/schema/index';
import type { Queries, QueryBuilder } from '../../../core/ports/queries';
import type { Tx, UnitOfWork } from '../../../core/ports/unit-of-work';
import { TransactionScope, type EffectErrorHandler } from '../transaction-scope';
import { openSqliteReader, openSqliteWriter, type SqliteConnection } from './open';

export interface SqliteUnitOfWorkOptions {
  /** Apply the migrations at open (default true). */
  migrate?: boolean;
  onEffectError?: EffectErrorHandler;
  /** How long `run` waits for another connection's write lock before failing with SQLITE_BUSY (default 5 s). */
  busyTimeoutMs?: number;
}

export interface SqliteUnitOfWork extends UnitOfWork {
  /** The write connection (tests and benchmarks; product code goes through `run`). */
  readonly writer: SqliteConnection;
}

const isBusy = (err: unknown) => (err as { code?: string }).code === 'SQLITE_BUSY';

/** `BEGIN IMMEDIATE`, retried without blocking the event loop while another connection writes. */
async function beginImmediate(c: SqliteConnection, timeoutMs: number): Promise<void> {
  const started = performance.now();
  for (let attempt = 0; ; attempt++) {
    try {
      c.sqlite.exec('BEGIN IMMEDIATE');
      return;
    } catch (err) {
      if (!isBusy(err) || performance.now() - started > timeoutMs) throw err;
      await new Promise((r) => setTimeout(r, Math.min(2 ** attempt, 20)));
    }
  }
}

const queriesOver = (c: SqliteConnection): Queries => ({ db: c.db as unknown as QueryBuilder, t: schema, engine: 'sqlite' });

export function sqliteUnitOfWork(path: string, o: SqliteUnitOfWorkOptions = {}): SqliteUnitOfWork {
  const writer = openSqliteWriter(path, { migrate: o.migrate });
  writer.sqlite.pragma('busy_timeout = 0'); // waits happen in beginImmediate, asynchronously
  return overWriter(writer, path === ':memory:' ? undefined : openSqliteReader(path), o);
}

/**
 * A unit of work on a connection the product already holds (its synchronous data access shares it until every
 * caller is async): no second writer in the process, so no lock waits between the two; `:memory:` works too.
 * Only database work is awaited inside `run`, so synchronous code can run in the gaps and then joins the open
 * transaction (committed with it) — the reason job handlers here keep their effects synchronous.
 */
export function sqliteUnitOfWorkOn(sqlite: Database.Database, o: SqliteUnitOfWorkOptions = {}): SqliteUnitOfWork {
  const file = sqlite.memory ? undefined : sqlite.name;
  return overWriter({ sqlite, db: drizzle({ client: sqlite }) }, file ? openSqliteReader(file) : undefined, o, false);
}

function overWriter(writer: SqliteConnection, reader: SqliteConnection | undefined, o: SqliteUnitOfWorkOptions, owned = true): SqliteUnitOfWork {
  const busyTimeoutMs = o.busyTimeoutMs ?? 5000;
  const writes = queriesOver(writer);
  const reads = reader ? queriesOver(reader) : writes;
  const mutex = new Mutex();
  const scope = new TransactionScope(o.onEffectError);

  return {
    engine: 'sqlite',
    writer,
    async run<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      scope.assertOutside();
      const { result, effects } = await mutex.runExclusive(async () => {
        await beginImmediate(writer, busyTimeoutMs);
        try {
          const done = await scope.within(writes, async (statement) => { writer.sqlite.exec(statement); }, fn);
          writer.sqlite.exec('COMMIT');
          return done;
        } catch (err) {
          if (writer.sqlite.inTransaction) writer.sqlite.exec('ROLLBACK');
          throw err;
        }
      });
      await scope.afterCommit(effects);
      return result;
    },
    async read<T>(fn: (q: Queries) => Promise<T>): Promise<T> {
      scope.assertOutside();
      if (reader) return scope.read(reads, fn);
      return mutex.runExclusive(() => scope.read(reads, fn));
    },
    async close(): Promise<void> {
      await mutex.waitForUnlock();
      reader?.sqlite.close();
      if (owned) writer.sqlite.close();
    },
  };
}
