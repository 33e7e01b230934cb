/**
 * @module A fresh database gets a working configuration: the default templates, the default rule set
 * (published), the default pack's FAQ entries and the demo service calendar. Existing configuration is never overwritten.
 * Instances starting together on one database take turns (`ensureOrgDefaults`): each transaction checks before it
 * inserts, which on PostgreSQL does not see another instance's uncommitted seeding.
 */
import { isNull } from 'drizzle-orm';
import type { Tx, UnitOfWork } from '../ports/unit-of-work';
import type { KeyedLock } from '../ports/shared-state';
import { first } from '../ports/queries';
import { SETTINGS } from '../config/catalogue';
import { readOwnSettingIn, writeSettingIn } from '../config/settings';
import { DEMO_CALENDAR } from '../../../shared/calendar/index';
import { DEFAULT_RULE_SET, DEFAULT_TEMPLATES } from '../../../shared/engine/index';
import { seedDefaultFaq } from '../faq/entries';

/** The defaults at start, one instance at a time cluster-wide (the second finds the first's rows and adds nothing). */
export async function ensureOrgDefaults(d: { uow: UnitOfWork; lock(namespace: string): KeyedLock }, now: number): Promise<void> {
  await d.lock('startup').run('org-defaults', () => d.uow.run((tx) => ensureOrgDefaultsIn(tx, now)));
}

/** The defaults in the caller's transaction. */
export async function ensureOrgDefaultsIn(tx: Tx, now: number): Promise<void> {
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
  await seedDefaultFaq(tx, now);
  if (await readOwnSettingIn(tx, SETTINGS.calendar) === undefined) await writeSettingIn(tx, SETTINGS.calendar, DEMO_CALENDAR, { at: now, by: 'system' });
}
