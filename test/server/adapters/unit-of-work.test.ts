import { describe, it, expect, afterEach } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { unitOfWorkContract } from './contracts/unit-of-work.contract';
import { sqliteFileEngine, sqliteMemoryEngine } from '../../support/engines';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStorage } from '../../../server/app/storage';
import { systemClock } from '../../../server/app/clock';
import { createLogger } from '../../../server/app/log';
import { NestedTransactionError } from '../../../server/core/ports/unit-of-work';

unitOfWorkContract(sqliteFileEngine());
unitOfWorkContract(sqliteMemoryEngine());

describe('SQLite unit of work across two connections to one file', () => {
  const engine = sqliteFileEngine();
  afterEach(() => engine.cleanup());

  it('serializes writers of two instances on one file (BEGIN IMMEDIATE) without losing an update', async () => {
    const a = await engine.open();
    const b = await engine.another!();
    await a.run(async (tx) => { await tx.db.insert(tx.t.rateLimits).values({ bucket: 'x', windowStart: 0, count: 0 }); });
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).run(async (tx) => {
      await tx.db.update(tx.t.rateLimits).set({ count: sql`${tx.t.rateLimits.count} + 1` }).where(eq(tx.t.rateLimits.bucket, 'x'));
    })));
    const rows = await b.read((q) => q.db.select().from(q.t.rateLimits));
    expect(rows[0]?.count).toBe(20);
  });
});

describe('the nested-transaction check, per mode', () => {
  const dirs: string[] = [];
  afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });
  const storageIn = async (mode: 'demo' | 'live') => {
    const dir = mkdtempSync(join(tmpdir(), 'uow-mode-'));
    dirs.push(dir);
    return openStorage({ databaseUrl: undefined, databasePath: join(dir, 'm.db'), mode }, systemClock, createLogger('silent'));
  };

  it('the demo refuses a read inside a transaction; live mode skips the check (no per-promise context) and reads the committed snapshot', async () => {
    const demo = await storageIn('demo');
    await expect(demo.shared.uow.run(async () => demo.shared.uow.read(async () => 1))).rejects.toBeInstanceOf(NestedTransactionError);
    await demo.close();
    const live = await storageIn('live');
    const seen = await live.shared.uow.run(async (tx) => {
      await tx.db.insert(tx.t.appSettings).values({ key: 'nested', value: 'uncommitted', updatedAt: 1 });
      return live.shared.uow.read((q) => q.db.select().from(q.t.appSettings).where(eq(q.t.appSettings.key, 'nested')));
    });
    expect(seen).toEqual([]);
    expect(await live.shared.uow.read((q) => q.db.select({ v: q.t.appSettings.value }).from(q.t.appSettings).where(eq(q.t.appSettings.key, 'nested')))).toEqual([{ v: 'uncommitted' }]);
    await live.close();
  });
});
