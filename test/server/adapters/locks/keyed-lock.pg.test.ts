import { afterAll, beforeAll, describe } from 'vitest';
import type pg from 'pg';
import { pgAdvisoryLock } from '../../../../server/adapters/locks/pg-advisory';
import { createPool } from '../../../../server/adapters/db/pg/open';
import { createTestDatabase, pgTestUrl, type TestDatabase } from '../../../support/pg-database';
import { keyedLockCases } from './keyed-lock.cases';

const url = pgTestUrl();

describe.skipIf(!url)('keyed lock across two instances (PostgreSQL advisory locks)', () => {
  let db: TestDatabase;
  let poolA: pg.Pool, poolB: pg.Pool;
  beforeAll(async () => {
    db = await createTestDatabase(url!);
    poolA = createPool(db.url, 3);
    poolB = createPool(db.url, 3);
  });
  afterAll(async () => { await poolA.end(); await poolB.end(); await db.drop(); });
  keyedLockCases(() => ({ a: pgAdvisoryLock(poolA, 'test'), b: pgAdvisoryLock(poolB, 'test') }));
});
