/**
 * @module `GET /api/admin/directory` (admins only): the names the admin pages show and offer in their pickers instead
 * of ids — agents (userid → name, status), 微信客服 accounts (open_kfid → name), intents (id → 中文/English label), templates (id → name) and rule-set versions (version → its
 * number in creation order, 1 = the first). One call, so every page can say 王五 / 售后客服 / 版本 3.
 */
import { Hono } from 'hono';
import { asc } from 'drizzle-orm';
import type { CoreDeps } from '../../deps';
import { agents, kfAccounts, ruleSets, templates } from '../../db/schema/index';
import type { AuthedEnv } from '../../http/session';
import type { Store } from '../../db/index';
import { listIntents } from '../../intent/catalog';

/** version → its number in creation order (1-based), the name people read instead of `rmx60b960`. */
export function versionNumbers(db: Store): Map<string, number> {
  const rows = db.select({ version: ruleSets.version }).from(ruleSets).orderBy(asc(ruleSets.createdAt), asc(ruleSets.version)).all();
  return new Map(rows.map((r, i) => [r.version, i + 1]));
}

export function directory(db: Store, now: number) {
  return {
    /** The product's clock (the demo's, in demo mode): pickers start from it. */
    now,
    people: db.select({ userid: agents.userid, name: agents.name, status: agents.status }).from(agents).orderBy(asc(agents.name)).all(),
    accounts: db.select({ openKfid: kfAccounts.openKfid, name: kfAccounts.name }).from(kfAccounts).orderBy(asc(kfAccounts.name)).all(),
    intents: listIntents(db).map((i) => ({ id: i.id, zh: i.labelZh, en: i.labelEn, enabled: i.enabled })),
    templates: db.select({ id: templates.id, name: templates.name }).from(templates).all(),
    versions: [...versionNumbers(db)].map(([version, number]) => ({ version, number })),
  };
}

export function adminDirectoryRoutes(d: Pick<CoreDeps, 'db' | 'clock'>) {
  return new Hono<AuthedEnv>().get('/', (c) => c.json(directory(d.db, d.clock.now())));
}
