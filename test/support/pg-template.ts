/**
 * @module A fresh PostgreSQL database, cloned from a migrated template (one per migration set, made once per
 * cluster under an advisory lock), so a test file or a benchmark starts from the schema in ~0.1 s.
 * Usable outside vitest (benchmarks); test files get the cluster URL from `pgTestUrl()` in pg-database.ts.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openPg } from '../../server/adapters/db/pg/open';

const JOURNAL = fileURLToPath(new URL('../../server/adapters/db/pg/migrations/meta/_journal.json', import.meta.url));

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try { return await fn(c); } finally { await c.end(); }
}

async function ensureTemplate(adminUrl: string): Promise<string> {
  const name = `moonshift_tpl_${createHash('sha256').update(readFileSync(JOURNAL)).digest('hex').slice(0, 12)}`;
  await admin(adminUrl, async (c) => {
    await c.query('select pg_advisory_lock(hashtext($1))', ['moonshift.test-template']);
    try {
      const found = await c.query('select 1 from pg_database where datname = $1', [name]);
      if (found.rowCount) return;
      await c.query(`create database ${name} template template0`);
      const h = await openPg(withDatabase(adminUrl, name), { max: 1 });
      await h.close();
    } finally {
      await c.query('select pg_advisory_unlock(hashtext($1))', ['moonshift.test-template']);
    }
  });
  return name;
}

export interface TestDatabase { url: string; drop(): Promise<void> }

/** A new database: migrated (from the template) or empty (`migrated: false`, for migration tests). */
export async function createTestDatabase(adminUrl: string, o: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const template = o.migrated === false ? 'template0' : await ensureTemplate(adminUrl);
  const name = `moonshift_t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await admin(adminUrl, async (c) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await c.query(`create database ${name} template ${template}`);
        return;
      } catch (err) {
        // 55006: another session was copying the template at that instant
        if ((err as { code?: string }).code !== '55006' || attempt >= 20) throw err;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  });
  return {
    url: withDatabase(adminUrl, name),
    drop: () => admin(adminUrl, async (c) => { await c.query(`drop database if exists ${name} with (force)`); }),
  };
}
