/**
 * @module Instances starting together on one fresh PostgreSQL database each seed the organisation's defaults
 * (templates, rule set, FAQ entries, calendar): they take turns, so none fails on the other's rows and nothing is
 * seeded twice. (Found by the cluster tests: one of two `npm run serve` starting at once died on a duplicate template.)
 */
import { describe, it, expect } from 'vitest';
import { isNull } from 'drizzle-orm';
import { createTestDatabase, pgTestUrl } from '../../support/pg-database';
import { sharedStateOnPg } from '../../../server/adapters/db/cluster/shared-state';
import { ensureOrgDefaults } from '../../../server/core/engine/defaults';
import { DEFAULT_FAQ, DEFAULT_TEMPLATES } from '../../../shared/engine/index';

const url = pgTestUrl();

describe.skipIf(!url)('organisation defaults on a shared PostgreSQL database', () => {
  it('seeds them once when four instances start at the same moment', async () => {
    const db = await createTestDatabase(url!);
    const clock = { now: () => 1_800_000_000_000 };
    const instances = await Promise.all(Array.from({ length: 4 }, () => sharedStateOnPg(db.url, clock)));
    try {
      await Promise.all(instances.map((s) => ensureOrgDefaults(s, clock.now())));
      const counts = await instances[0]!.uow.read(async (q) => ({
        templates: (await q.db.select().from(q.t.templates).where(isNull(q.t.templates.ownerUserid))).length,
        faq: (await q.db.select().from(q.t.faqEntries)).length,
        ruleSets: (await q.db.select().from(q.t.ruleSets)).length,
      }));
      expect(counts).toEqual({ templates: DEFAULT_TEMPLATES.length, faq: DEFAULT_FAQ.length, ruleSets: 1 });
    } finally {
      for (const s of instances) await s.close();
      await db.drop();
    }
  });
});
