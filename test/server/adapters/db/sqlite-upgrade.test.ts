import { describe, it, expect, afterEach } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { sqliteUnitOfWork } from '../../../../server/adapters/db/sqlite/unit-of-work';

const MIGRATIONS = fileURLToPath(new URL('../../../../server/adapters/db/sqlite/migrations', import.meta.url));

describe('SQLite migrations', () => {
  const dirs: string[] = [];
  afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

  it('upgrade a database made by the first migration in place, keeping its rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'moonshift-upgrade-'));
    dirs.push(dir);
    // the migration history as the base commit had it: only 0000
    const old = join(dir, 'migrations');
    cpSync(MIGRATIONS, old, { recursive: true });
    const journal = JSON.parse(readFileSync(join(old, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    journal.entries = journal.entries.slice(0, 1);
    writeFileSync(join(old, 'meta/_journal.json'), JSON.stringify(journal));
    const path = join(dir, 'old.db');
    const sqlite = new Database(path);
    migrate(drizzle({ client: sqlite }), { migrationsFolder: old });
    sqlite.prepare("insert into app_settings (key, value, updated_at) values ('kept', '1', 1)").run();
    expect(() => sqlite.prepare('select * from jobs').all()).toThrow(/no such table/);
    sqlite.close();

    const uow = sqliteUnitOfWork(path);
    const state = await uow.read(async (q) => ({ settings: await q.db.select().from(q.t.appSettings), jobs: await q.db.select().from(q.t.jobs) }));
    await uow.close();
    expect(state).toEqual({ settings: [{ key: 'kept', value: '1', updatedAt: 1, updatedBy: null }], jobs: [] });
  });
});
