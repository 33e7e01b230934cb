/**
 * @module `GET /api/admin/directory` (admins only): the names the admin pages show and offer in their pickers instead
 * of ids — agents (userid → name, status), 微信客服 accounts (open_kfid → name), intents (id → 中文/English label), templates (id → name) and rule-set versions (version → its
 * number in creation order, 1 = the first). One call, so every page can say 王五 / 售后客服 / 版本 3.
 */
import { Hono } from 'hono';
import { asc } from 'drizzle-orm';
import type { CoreDeps } from '../../deps';
import { ruleSets } from '../../db/schema/index';
import type { AuthedEnv } from '../../http/session';
import type { Store } from '../../db/index';
import type { Queries } from '../../core/ports/queries';
import { listIntents } from '../../intent/catalog';

/** version → its number in creation order (1-based), the name people read instead of `rmx60b960`. Synchronous: the
 *  rules routes (rules.ts) still call it on the synchronous store. */
export function versionNumbers(db: Store): Map<string, number> {
  const rows = db.select({ version: ruleSets.version }).from(ruleSets).orderBy(asc(ruleSets.createdAt), asc(ruleSets.version)).all();
  return new Map(rows.map((r, i) => [r.version, i + 1]));
}

/**
 * People, accounts and templates through `q`; intents and version numbers still through the synchronous `store`
 * (their readers, `listIntents` and `versionNumbers`, are shared with synchronous callers).
 */
export async function directory(q: Queries, store: Store, now: number) {
  const { agents, kfAccounts, templates } = q.t;
  return {
    /** The product's clock (the demo's, in demo mode): pickers start from it. */
    now,
    people: await q.db.select({ userid: agents.userid, name: agents.name, status: agents.status }).from(agents).orderBy(asc(agents.name)),
    accounts: await q.db.select({ openKfid: kfAccounts.openKfid, name: kfAccounts.name }).from(kfAccounts).orderBy(asc(kfAccounts.name)),
    intents: listIntents(store).map((i) => ({ id: i.id, zh: i.labelZh, en: i.labelEn, enabled: i.enabled })),
    templates: await q.db.select({ id: templates.id, name: templates.name }).from(templates),
    versions: [...versionNumbers(store)].map(([version, number]) => ({ version, number })),
  };
}

export function adminDirectoryRoutes(d: Pick<CoreDeps, 'db' | 'clock' | 'shared'>) {
  return new Hono<AuthedEnv>().get('/', async (c) => c.json(await d.shared.uow.read((q) => directory(q, d.db, d.clock.now()))));
}
