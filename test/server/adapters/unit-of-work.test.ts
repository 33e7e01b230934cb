import { describe, it, expect, afterEach } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { unitOfWorkContract } from './contracts/unit-of-work.contract';
import { sqliteFileEngine, sqliteMemoryEngine } from '../../support/engines';

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
