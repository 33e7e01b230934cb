/**
 * @module Opens a SQLite connection for the async core: WAL, foreign keys, busy timeout, and the committed
 * migrations of the schema of record (server/adapters/db/sqlite/migrations) applied. A second, query-only connection reads
 * committed data while the write connection is inside a transaction (file databases only).
 */
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withStatementCache } from './statement-cache';

/** The committed migrations of the schema of record. */
export const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));

export interface SqliteConnection {
  sqlite: Database.Database;
  db: BetterSQLite3Database;
}

/**
 * Every connection's settings: WAL, `synchronous = NORMAL` (a commit writes the WAL without syncing it; the
 * checkpoint syncs), foreign keys, a busy timeout, and temporary storage in memory — a savepoint's undo pages
 * (the jobs' and timers' savepoints) otherwise spill into a temporary file created, written and deleted on disk
 * once they pass 64 KiB.
 */
function pragmas(sqlite: Database.Database): void {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('temp_store = MEMORY');
}

/** A new connection with the settings above (a file database's folder made first). */
export function openConnection(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  pragmas(sqlite);
  return sqlite;
}

export function openSqliteWriter(path: string, o: { migrate?: boolean } = {}): SqliteConnection {
  const sqlite = openConnection(path);
  const db = drizzle({ client: withStatementCache(sqlite) });
  if (o.migrate !== false) migrate(db, { migrationsFolder: MIGRATIONS });
  return { sqlite, db };
}

export function openSqliteReader(path: string): SqliteConnection {
  const sqlite = openConnection(path);
  sqlite.pragma('query_only = ON');
  return { sqlite, db: drizzle({ client: withStatementCache(sqlite) }) };
}
