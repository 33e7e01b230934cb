/**
 * @module A fresh database gets a working configuration: the default templates, the default rule set
 * (published), the default pack's FAQ entries and the demo service calendar. Existing configuration is never overwritten.
 */
import { isNull } from 'drizzle-orm';
import type { Clock } from '../clock';
import type { Db, Store } from '../db/index';
import type { Tx } from '../core/ports/unit-of-work';
import { first } from '../core/ports/queries';
import { stillSync } from '../db/still-sync';
import { ruleSets, templates } from '../db/schema/index';
import { SETTINGS } from '../config/catalogue';
import { readOwnSetting, readOwnSettingIn, writeSetting, writeSettingIn } from '../config/settings';
import { DEMO_CALENDAR } from '../../shared/calendar/index';
import { DEFAULT_RULE_SET, DEFAULT_TEMPLATES } from '../../shared/engine/index';
import { seedDefaultFaq } from '../faq/entries';

/** The defaults in the caller's transaction (`db`: the synchronous handle, for the FAQ seed, still synchronous). */
export async function ensureOrgDefaultsIn(tx: Tx, d: { db: Store }, now: number): Promise<void> {
  const { templates: t, ruleSets: r } = tx.t;
  if (!await first(tx.db.select({ id: t.id }).from(t).where(isNull(t.ownerUserid)).limit(1))) {
    for (const [i, tpl] of DEFAULT_TEMPLATES.entries()) {
      await tx.db.insert(t).values({ id: tpl.id, name: tpl.name, kind: tpl.kind, definition: JSON.stringify(tpl), sortOrder: i, updatedAt: now, updatedBy: 'system' });
    }
  }
  if (await readOwnSettingIn(tx, SETTINGS.activeRuleSet) === undefined) {
    await tx.db.insert(r).values({
      version: DEFAULT_RULE_SET.version, status: 'published', body: JSON.stringify(DEFAULT_RULE_SET), note: '默认规则包',
      createdAt: now, createdBy: 'system', publishedAt: now, publishedBy: 'system',
    }).onConflictDoNothing();
    await writeSettingIn(tx, SETTINGS.activeRuleSet, DEFAULT_RULE_SET.version, { at: now, by: 'system' });
  }
  seedDefaultFaq(stillSync(tx, d.db, 'the FAQ seed'), now);
  if (await readOwnSettingIn(tx, SETTINGS.calendar) === undefined) await writeSettingIn(tx, SETTINGS.calendar, DEMO_CALENDAR, { at: now, by: 'system' });
}

/** @deprecated synchronous twin for server/start.ts until its start-up is converted (use `ensureOrgDefaultsIn`) */
export function ensureOrgDefaults(db: Db, clock: Clock): void {
  const now = clock.now();
  db.transaction((tx) => {
    if (!tx.select({ id: templates.id }).from(templates).where(isNull(templates.ownerUserid)).limit(1).get()) {
      DEFAULT_TEMPLATES.forEach((t, i) => {
        tx.insert(templates).values({ id: t.id, name: t.name, kind: t.kind, definition: JSON.stringify(t), sortOrder: i, updatedAt: now, updatedBy: 'system' }).run();
      });
    }
    if (readOwnSetting(tx, SETTINGS.activeRuleSet) === undefined) {
      tx.insert(ruleSets).values({
        version: DEFAULT_RULE_SET.version, status: 'published', body: JSON.stringify(DEFAULT_RULE_SET), note: '默认规则包',
        createdAt: now, createdBy: 'system', publishedAt: now, publishedBy: 'system',
      }).onConflictDoNothing().run();
      writeSetting(tx, SETTINGS.activeRuleSet, DEFAULT_RULE_SET.version, { at: now, by: 'system' });
    }
    seedDefaultFaq(tx, now);
    if (readOwnSetting(tx, SETTINGS.calendar) === undefined) writeSetting(tx, SETTINGS.calendar, DEMO_CALENDAR, { at: now, by: 'system' });
  });
}
