import { describe, it, expect, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { is } from 'drizzle-orm';
import { openPg, createPool } from '../../../../server/adapters/db/pg/open';
import * as pgSchema from '../../../../server/adapters/db/pg/schema/index';
import { createTestDatabase, pgTestUrl, type TestDatabase } from '../../../support/pg-database';

const url = pgTestUrl();
const journal = JSON.parse(readFileSync(new URL('../../../../server/adapters/db/pg/migrations/meta/_journal.json', import.meta.url), 'utf8')) as { entries: unknown[] };
const SQL_TYPE: Record<string, string> = { PgBigInt53: 'bigint', PgText: 'text', PgBoolean: 'boolean', PgDoublePrecision: 'double precision' };

describe.skipIf(!url)('PostgreSQL migrations', () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => { for (const d of dbs) await d.drop(); });

  it('are applied once when four instances start together (advisory lock)', async () => {
    const db = await createTestDatabase(url!, { migrated: false });
    dbs.push(db);
    const handles = await Promise.all(Array.from({ length: 4 }, () => openPg(db.url, { max: 2 })));
    const applied = await handles[0]!.pool.query('select count(*) as n from drizzle.__drizzle_migrations');
    expect(applied.rows[0].n).toBe(journal.entries.length);
    for (const h of handles) await h.close();
  });

  it('create exactly the columns the PostgreSQL schema declares (type and nullability)', async () => {
    const db = await createTestDatabase(url!, { migrated: false });
    dbs.push(db);
    const h = await openPg(db.url, { max: 1 });
    const { rows } = await h.pool.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
      `select table_name, column_name, data_type, is_nullable from information_schema.columns where table_schema = 'public'`);
    await h.close();
    const actual = rows.map((r) => `${r.table_name}.${r.column_name} ${r.data_type}${r.is_nullable === 'NO' ? ' not null' : ''}`).sort();
    const declared = (Object.values(pgSchema) as unknown[]).filter((v): v is PgTable => is(v, PgTable)).flatMap((t) => {
      const cfg = getTableConfig(t);
      return cfg.columns.map((c) => `${cfg.name}.${c.name} ${SQL_TYPE[c.columnType] ?? c.columnType}${c.notNull ? ' not null' : ''}`);
    }).sort();
    expect(actual).toEqual(declared);
  });

  it('parses int8 as a number, and refuses one beyond 2^53 instead of rounding it', async () => {
    const pool = createPool(url!, 1);
    const ok = await pool.query('select count(*) as n, 1790000000123::int8 as at');
    expect(ok.rows[0]).toEqual({ n: 1, at: 1_790_000_000_123 });
    await expect(pool.query('select 9007199254740993::int8 as big')).rejects.toThrow(RangeError);
    await pool.end();
  });
});
