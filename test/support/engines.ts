/**
 * @module The engines the adapter contract suites run on: SQLite on a WAL file, SQLite `:memory:`, and
 * PostgreSQL (a database per test file on the `unit-pg` cluster, emptied before each test). `open()` gives
 * a unit of work on a fresh, empty, migrated database; `another()` a second instance on the same database
 * (as another process would have), where the engine allows it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTableName, is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import type { UnitOfWork } from '../../server/core/ports/unit-of-work';
import { sqliteUnitOfWork } from '../../server/adapters/db/sqlite/unit-of-work';
import { pgUnitOfWork } from '../../server/adapters/db/pg/unit-of-work';
import { openPg } from '../../server/adapters/db/pg/open';
import * as pgSchema from '../../server/adapters/db/pg/schema/index';
import { createTestDatabase, type TestDatabase } from './pg-template';

export interface Engine {
  name: string;
  /** A fresh, empty, migrated database and a unit of work on it. */
  open(): Promise<UnitOfWork>;
  /** Another instance on the database of the last `open()` (null: the engine has one connection only). */
  another: (() => Promise<UnitOfWork>) | null;
  /** Where another process reaches the database of the last `open()`. */
  location(): string;
  /** Closes everything opened (after each test). */
  cleanup(): Promise<void>;
  /** Drops what the engine made for the file (after all tests). */
  dispose(): Promise<void>;
}

export function sqliteFileEngine(): Engine {
  const dirs: string[] = [];
  const opened: UnitOfWork[] = [];
  let path = '';
  const track = (u: UnitOfWork) => { opened.push(u); return u; };
  return {
    name: 'SQLite file',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'moonshift-uow-'));
      dirs.push(dir);
      path = join(dir, 'test.db');
      return track(sqliteUnitOfWork(path));
    },
    another: async () => track(sqliteUnitOfWork(path, { migrate: false })),
    location: () => path,
    async cleanup() {
      for (const u of opened.splice(0)) await u.close();
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    },
    dispose: async () => undefined,
  };
}

export function sqliteMemoryEngine(): Engine {
  const opened: UnitOfWork[] = [];
  return {
    name: 'SQLite :memory:',
    async open() { const u = sqliteUnitOfWork(':memory:'); opened.push(u); return u; },
    another: null,
    location: () => { throw new Error(':memory: cannot be reached from another process'); },
    async cleanup() { for (const u of opened.splice(0)) await u.close(); },
    dispose: async () => undefined,
  };
}

/**
 * Emptying every table with DELETE takes milliseconds where TRUNCATE takes half a second (ids keep counting).
 * A table is emptied before the tables its foreign keys reference (kf_servicers before kf_accounts …).
 */
const EMPTY_ALL = (() => {
  const tables = (Object.values(pgSchema) as unknown[]).filter((v): v is PgTable => is(v, PgTable));
  const references = new Map(tables.map((t) => [t, getTableConfig(t).foreignKeys.map((fk) => fk.reference().foreignTable)]));
  const order: PgTable[] = [];
  const visit = (t: PgTable, path: Set<PgTable>) => {
    if (order.includes(t) || path.has(t)) return;
    path.add(t);
    for (const [child, parents] of references) if (child !== t && parents.includes(t)) visit(child, path);
    path.delete(t);
    order.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return order.map((t) => `delete from "${getTableName(t)}";`).join(' ');
})();

/** PostgreSQL: one database per test file, created at the first `open()`, emptied at each. */
export function pgEngine(adminUrl: string): Engine {
  let database: TestDatabase | undefined;
  const opened: UnitOfWork[] = [];
  const connect = async (max = 5) => {
    const u = pgUnitOfWork(await openPg(database!.url, { max, migrate: false }));
    opened.push(u);
    return u;
  };
  return {
    name: 'PostgreSQL',
    async open() {
      database ??= await createTestDatabase(adminUrl);
      const u = await connect();
      await u.handle.pool.query(EMPTY_ALL);
      return u;
    },
    another: () => connect(),
    location: () => database!.url,
    async cleanup() { for (const u of opened.splice(0)) await u.close(); },
    async dispose() {
      await database?.drop();
      database = undefined;
    },
  };
}
