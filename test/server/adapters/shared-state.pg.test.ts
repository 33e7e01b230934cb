import { describe, expect, it } from 'vitest';
import { sharedStateContract } from './contracts/shared-state.contract';
import { pgEngine } from '../../support/engines';
import { createTestDatabase, pgTestUrl } from '../../support/pg-database';
import { sharedStateOnPg } from '../../../server/adapters/db/cluster/shared-state';
import { pgBus } from '../../../server/adapters/bus/pg-notify';
import type { PgUnitOfWork } from '../../../server/adapters/db/pg/unit-of-work';

const url = pgTestUrl();

describe.skipIf(!url)('PostgreSQL', () => {
  const engine = pgEngine(url!);
  sharedStateContract(engine, async (uow) => {
    const bus = pgBus({ url: engine.location(), pool: (uow as PgUnitOfWork).handle.pool });
    await bus.ready;
    return bus;
  });
});

describe.skipIf(!url)('shared state composed on DATABASE_URL', () => {
  it('migrates the database, and two instances share its locks and bus', async () => {
    const db = await createTestDatabase(url!);
    const clock = { now: () => 1_800_000_000_000 };
    const [a, b] = await Promise.all([sharedStateOnPg(db.url, clock), sharedStateOnPg(db.url, clock)]); // migrations race under the lock
    try {
      expect(await a.uow.read(async (q) => (await q.db.select().from(q.t.jobs)).length)).toBe(0);
      const heard = new Promise((resolve) => { const off = b.bus.subscribe('hello', (m) => { off(); resolve(m); }); });
      await a.bus.publish('hello', { from: 'a' });
      expect(await heard).toEqual({ from: 'a' });
      const order: string[] = [];
      let release!: () => void;
      let entered!: () => void;
      const inside = new Promise<void>((r) => { entered = r; });
      const first = a.lock('pull').run('wk1', async () => { order.push('a in'); entered(); await new Promise<void>((r) => { release = r; }); order.push('a out'); });
      await inside;
      const second = b.lock('pull').run('wk1', async () => { order.push('b in'); });
      release();
      await Promise.all([first, second]);
      expect(order).toEqual(['a in', 'a out', 'b in']);
    } finally {
      await a.close(); await b.close(); await db.drop();
    }
  });

  it('holders of as many keys as the unit of work has connections each finish a transaction inside their lock', async () => {
    const db = await createTestDatabase(url!);
    const shared = await sharedStateOnPg(db.url, { now: () => 1_800_000_000_000 }, { poolSize: 2 });
    try {
      // three accounts pulling at once on a pool of two: their locks must not take the connections their work needs
      const holders = ['wk1', 'wk2', 'wk3'].map((account) => shared.lock('pull').run(account, () =>
        shared.uow.run(async (tx) => (await tx.db.select().from(tx.t.syncCursors)).length)));
      expect(await Promise.all(holders)).toEqual([0, 0, 0]);
    } finally {
      await shared.close(); await db.drop();
    }
  });
});
