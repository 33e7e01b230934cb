/**
 * @module `GET /api/admin/directory` (admins only): the names the admin pages show and offer in their pickers instead
 * of ids — agents (userid → name, status), 微信客服 accounts (open_kfid → name), intents (id → 中文/English label), templates (id → name) and rule-set versions (version → its
 * number in creation order, 1 = the first). One call, so every page can say 王五 / 售后客服 / 版本 3.
 */
import { Hono } from 'hono';
import { asc } from 'drizzle-orm';
import type { CoreDeps } from '../../../app/deps';
import type { AuthedEnv } from '../../session';
import type { Queries } from '../../../core/ports/queries';
import { listIntentsIn } from '../../../core/intent/catalog';

/** version → its number in creation order (1-based), the name people read instead of `rmx60b960`. */
export async function versionNumbers(q: Queries): Promise<Map<string, number>> {
  const r = q.t.ruleSets;
  const rows = await q.db.select({ version: r.version }).from(r).orderBy(asc(r.createdAt), asc(r.version));
  return new Map(rows.map((row, i) => [row.version, i + 1]));
}

/** Every name the admin pages show, in one read. */
export async function directory(q: Queries, now: number) {
  const { agents, kfAccounts, templates } = q.t;
  return {
    /** The product's clock (the demo's, in demo mode): pickers start from it. */
    now,
    people: await q.db.select({ userid: agents.userid, name: agents.name, status: agents.status }).from(agents).orderBy(asc(agents.name)),
    accounts: await q.db.select({ openKfid: kfAccounts.openKfid, name: kfAccounts.name }).from(kfAccounts).orderBy(asc(kfAccounts.name)),
    intents: (await listIntentsIn(q)).map((i) => ({ id: i.id, zh: i.labelZh, en: i.labelEn, enabled: i.enabled })),
    templates: await q.db.select({ id: templates.id, name: templates.name }).from(templates),
    versions: [...(await versionNumbers(q))].map(([version, number]) => ({ version, number })),
  };
}

export function adminDirectoryRoutes(d: Pick<CoreDeps, 'clock' | 'shared'>) {
  return new Hono<AuthedEnv>().get('/', async (c) => c.json(await d.shared.uow.read((q) => directory(q, d.clock.now()))));
}
