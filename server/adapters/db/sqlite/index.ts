/**
 * @module Opens the SQLite database (the connection settings of ./open.ts), applies the committed migrations,
 * and exposes the drizzle handle. `:memory:` works for tests.
 */
import type Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema/index';
import { cachedPrepare } from './statement-cache';
import { MIGRATIONS, openConnection } from './open';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export function openDb(path: string): Db {
  const sqlite = openConnection(path);
  sqlite.prepare = cachedPrepare(sqlite) as typeof sqlite.prepare; // the synchronous handle's statements share the unit of work's cache
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS });
  return db;
}

export { schema };

/** A transaction handle; functions that run inside or outside a transaction take `Store`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Store = Db | Tx;
