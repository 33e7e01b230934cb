/**
 * @module Where the product keeps its data, chosen once at start: the embedded SQLite file (`DATABASE_PATH`, the
 * default: `npm start` and the tests need no server) or PostgreSQL (`DATABASE_URL`, several instances sharing one
 * database). Either way the rest of the server sees the same shared state: the unit of work, the bus, tokens,
 * rate limits, replay memory and keyed locks.
 */
import type { Clock } from './clock';
import { startCheckpointer, type Checkpointer } from '../adapters/db/sqlite/checkpointer';
import { openDb, type Db } from '../adapters/db/sqlite/index';
import type { Logger } from './log';
import { sharedStateOnPg, sharedStateOnSqlite, type SharedState } from '../adapters/db/cluster/shared-state';

export interface Storage {
  shared: SharedState;
  /** The SQLite connection (SQLite only): the embedded simulator's demo seeds and test switches still use it. */
  sqlite: Db | undefined;
  /** What the logs may say about where the data is (a PostgreSQL URL without its password). */
  where: string;
  /** SQLite in live mode: the thread that takes the WAL checkpoints (tests, diagnostics). */
  checkpointer?: Checkpointer;
  close(): Promise<void>;
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db` (never log a password). */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

/** `mode`: live mode skips the nested-transaction check (see `TransactionScope`); the demo, and a caller naming no mode, keep it. */
export async function openStorage(config: { databaseUrl: string | undefined; databasePath: string; mode?: 'demo' | 'live' }, clock: Clock, log: Logger): Promise<Storage> {
  const onEffectError = (err: unknown) => log.error({ err }, 'after-commit effect failed');
  const checkNesting = config.mode !== 'live';
  if (config.databaseUrl) {
    const shared = await sharedStateOnPg(config.databaseUrl, clock, {
      onEffectError, checkNesting, onBusError: (err) => log.warn({ err: err instanceof Error ? err.message : String(err) }, 'bus connection'),
    });
    return { shared, sqlite: undefined, where: redactedUrl(config.databaseUrl), close: () => shared.close() };
  }
  const db = openDb(config.databasePath);
  const shared = sharedStateOnSqlite(db.$client, clock, { onEffectError, checkNesting });
  // live mode: WAL checkpoints in a thread of their own, not inside a commit on the event loop (see the module)
  const checkpointer = config.mode === 'live'
    ? startCheckpointer(db.$client, { onError: (err) => log.warn({ err: err.message }, 'WAL checkpoint') }) : undefined;
  return {
    shared, sqlite: db, where: config.databasePath, checkpointer,
    async close() { await checkpointer?.stop(); await shared.close(); db.$client.close(); },
  };
}

/** The SQLite handle where there is none (PostgreSQL): every use names the mistake instead of failing obscurely. */
export function sqliteOnly(): Db {
  return new Proxy({} as Db, {
    get(_target, prop) {
      if (prop === 'then') return undefined; // not a promise
      throw new Error(`the SQLite handle (deps.db.${String(prop)}) does not exist when the product runs on PostgreSQL (DATABASE_URL): use the unit of work`);
    },
  });
}
