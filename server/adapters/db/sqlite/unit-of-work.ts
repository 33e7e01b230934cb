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
import * as schema from './schema/index';
import type { Queries, QueryBuilder } from '../../../core/ports/queries';
import type { Tx, UnitOfWork } from '../../../core/ports/unit-of-work';
import { TransactionScope, type EffectErrorHandler } from '../transaction-scope';
import { openSqliteReader, openSqliteWriter, type SqliteConnection } from './open';
import { withStatementCache } from './statement-cache';

export interface SqliteUnitOfWorkOptions {
  /** Apply the migrations at open (default true). */
  migrate?: boolean;
  onEffectError?: EffectErrorHandler;
  /** How long `run` waits for another connection's write lock before failing with SQLITE_BUSY (default 5 s). */
  busyTimeoutMs?: number;
  /** Refuse a nested `run`/`read` (default true; see `TransactionScope`). */
  checkNesting?: boolean;
}

export interface SqliteUnitOfWork extends UnitOfWork {
  /** The write connection (tests and benchmarks; product code goes through `run`). */
  readonly writer: SqliteConnection;
}

const isBusy = (err: unknown) => (err as { code?: string }).code === 'SQLITE_BUSY';

const controls = new WeakMap<Database.Database, (statement: string) => void>();

/** Runs a transaction-control statement (BEGIN, COMMIT, savepoints, the busy timeout) prepared once per connection. */
function controlStatements(sqlite: Database.Database): (statement: string) => void {
  let run = controls.get(sqlite);
  if (!run) {
    const prepared = new Map<string, Database.Statement>();
    run = (statement) => {
      let s = prepared.get(statement);
      if (!s) {
        if (prepared.size >= 256) { sqlite.exec(statement); return; } // savepoint names of a very large transaction
        s = sqlite.prepare(statement);
        prepared.set(statement, s);
      }
      s.run();
    };
    controls.set(sqlite, run);
  }
  return run;
}

/**
 * `BEGIN IMMEDIATE`, retried without blocking the event loop while another connection writes: the connection's
 * busy timeout is 0, so an attempt fails at once instead of busy-waiting. Every 1 ms for the first 50 tries (a failed
 * attempt costs microseconds; the usual holder, the WAL checkpoint thread's RESTART, holds the lock ~5–15 ms, and
 * every transaction of this process queues behind this one), then every 20 ms.
 */
async function beginImmediate(c: SqliteConnection, timeoutMs: number): Promise<void> {
  const started = performance.now();
  const run = controlStatements(c.sqlite);
  for (let attempt = 0; ; attempt++) {
    try {
      run('BEGIN IMMEDIATE');
      return;
    } catch (err) {
      if (!isBusy(err) || performance.now() - started > timeoutMs) throw err;
      await new Promise((r) => setTimeout(r, attempt < 50 ? 1 : 20));
    }
  }
}

const queriesOver = (c: SqliteConnection): Queries => ({ db: c.db as unknown as QueryBuilder, t: schema, engine: 'sqlite' });

export function sqliteUnitOfWork(path: string, o: SqliteUnitOfWorkOptions = {}): SqliteUnitOfWork {
  const writer = openSqliteWriter(path, { migrate: o.migrate });
  return overConnections(writer, path === ':memory:' ? undefined : openSqliteReader(path), o, true);
}

/**
 * A unit of work on a connection the synchronous code also holds (the product's `openDb`: test inspection and the
 * SQLite-only test switches): its transactions and theirs are serialised by the one connection, so they cannot
 * wait on each other's lock; a synchronous write that runs between two awaits of an open `run` becomes part of
 * it. The connection's busy timeout becomes 0 as on a connection of its own (it used to be switched to 0 and back
 * around every `BEGIN`, two statements per transaction): a synchronous write outside a transaction fails at once
 * with SQLITE_BUSY while another process writes, instead of blocking the event loop up to 5 s. `close` leaves the
 * connection open. A file database also gets a query-only reader.
 */
export function sqliteUnitOfWorkOn(sqlite: Database.Database, o: Omit<SqliteUnitOfWorkOptions, 'migrate'> = {}): SqliteUnitOfWork {
  const path = sqlite.memory ? ':memory:' : sqlite.name;
  return overConnections({ sqlite, db: drizzle({ client: withStatementCache(sqlite) }) }, path === ':memory:' ? undefined : openSqliteReader(path), o, false);
}

function overConnections(writer: SqliteConnection, reader: SqliteConnection | undefined, o: SqliteUnitOfWorkOptions, ownsWriter: boolean): SqliteUnitOfWork {
  const busyTimeoutMs = o.busyTimeoutMs ?? 5000;
  writer.sqlite.pragma('busy_timeout = 0'); // waits happen in beginImmediate, asynchronously
  const writes = queriesOver(writer);
  const reads = reader ? queriesOver(reader) : writes;
  const mutex = new Mutex();
  const control = controlStatements(writer.sqlite);
  const scope = new TransactionScope(o.onEffectError, o.checkNesting);

  const uow: SqliteUnitOfWork = {
    engine: 'sqlite',
    writer,
    async run<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      scope.assertOutside();
      const { result, effects } = await mutex.runExclusive(async () => {
        await beginImmediate(writer, busyTimeoutMs);
        try {
          const done = await scope.within(writes, async (statement) => { control(statement); }, fn);
          control('COMMIT');
          return done;
        } catch (err) {
          if (writer.sqlite.inTransaction) control('ROLLBACK');
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
      scope.close();
      reader?.sqlite.close();
      if (ownsWriter) writer.sqlite.close();
    },
  };
  scope.unit = uow;
  return uow;
}
