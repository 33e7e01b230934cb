import { describe, it, expect, afterAll } from 'vitest';
import { unitOfWorkContract } from './contracts/unit-of-work.contract';
import { pgEngine } from '../../support/engines';
import { pgTestUrl } from '../../support/pg-database';
import { pgUnitOfWork } from '../../../server/adapters/db/pg/unit-of-work';
import { openPg } from '../../../server/adapters/db/pg/open';
import type { UnitOfWork } from '../../../server/core/ports/unit-of-work';

const url = pgTestUrl();

describe.skipIf(!url)('PostgreSQL', () => {
  unitOfWorkContract(pgEngine(url!));

  describe('serializable transactions', () => {
    const engine = pgEngine(url!);
    afterAll(async () => { await engine.cleanup(); await engine.dispose(); });

    it('retries a transaction that lost a serialization conflict, so both writers succeed', async () => {
      await engine.open();
      const uow: UnitOfWork = pgUnitOfWork(await openPg(engine.location(), { migrate: false, max: 4 }), { isolationLevel: 'serializable' });
      let attempts = 0;
      let bothRead!: () => void;
      let reads = 0;
      const barrier = new Promise<void>((r) => { bothRead = r; });
      const writer = (key: string) => uow.run(async (tx) => {
        attempts++;
        const rows = await tx.db.select().from(tx.t.appSettings);
        if (++reads === 2) bothRead();
        await barrier; // both have read the same snapshot before either writes
        await tx.db.insert(tx.t.appSettings).values({ key, value: String(rows.length), updatedAt: 1 });
      });
      await Promise.all([writer('a'), writer('b')]);
      const rows = await uow.read((q) => q.db.select().from(q.t.appSettings));
      expect(rows.map((r) => r.key).sort()).toEqual(['a', 'b']);
      expect(attempts).toBe(3);
      expect(rows.map((r) => r.value).sort()).toEqual(['0', '1']);
      await uow.close();
    });
  });
});
