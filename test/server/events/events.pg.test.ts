import { afterAll, beforeAll, describe } from 'vitest';
import { pgBus, type PgBus } from '../../../server/adapters/bus/pg-notify';
import { createPool } from '../../../server/adapters/db/pg/open';
import { createTestDatabase, pgTestUrl, type TestDatabase } from '../../support/pg-database';
import { eventCases } from './events.cases';

const url = pgTestUrl();

describe.skipIf(!url)('domain events between two instances over LISTEN/NOTIFY', () => {
  let db: TestDatabase;
  const pools: ReturnType<typeof createPool>[] = [];
  let a: PgBus, b: PgBus;
  beforeAll(async () => {
    db = await createTestDatabase(url!);
    pools.push(createPool(db.url, 2), createPool(db.url, 2));
    a = pgBus({ url: db.url, pool: pools[0]! });
    b = pgBus({ url: db.url, pool: pools[1]! });
    await Promise.all([a.ready, b.ready]);
  });
  afterAll(async () => {
    await a.close(); await b.close();
    for (const p of pools) await p.end();
    await db.drop();
  });
  eventCases(() => ({ a, b }));
});
