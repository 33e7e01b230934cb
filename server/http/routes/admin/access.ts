/**
 * @module `/api/admin/admins`: who is an admin (ADMIN_USERIDS members always, plus
 * grants by another admin). Grants and revokes write audit rows.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import type { CoreDeps } from '../../../app/deps';
import { first, type Queries } from '../../../core/ports/queries';
import { writeAudit } from '../../../core/services/audit';
import { ConflictError, NotFoundError } from '../../../core/errors';
import type { AuthedEnv } from '../../session';
import { validate } from '../../validate';
import { tableResponse } from './csv';

export interface AdminRow { userid: string; name: string | null; source: 'env' | 'grant'; grantedBy: string | null; grantedAt: number | null }

/** `adminUserids`: the ADMIN_USERIDS members (admins always). */
export async function listAdmins(q: Queries, adminUserids: readonly string[]): Promise<AdminRow[]> {
  const { adminGrants, agents } = q.t;
  const names = new Map((await q.db.select({ u: agents.userid, n: agents.name }).from(agents)).map((r) => [r.u, r.n]));
  const rows: AdminRow[] = adminUserids.map((u) => ({ userid: u, name: names.get(u) ?? null, source: 'env', grantedBy: null, grantedAt: null }));
  for (const g of await q.db.select().from(adminGrants).orderBy(adminGrants.grantedAt)) {
    if (adminUserids.includes(g.userid)) continue;
    rows.push({ userid: g.userid, name: names.get(g.userid) ?? null, source: 'grant', grantedBy: g.grantedBy, grantedAt: g.grantedAt });
  }
  return rows;
}

const Userid = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_.@-]+$/, 'a WeCom userid');

export function adminAccessRoutes(d: CoreDeps) {
  const { uow } = d.shared;
  const admins = () => uow.read((q) => listAdmins(q, d.config.adminUserids));
  return new Hono<AuthedEnv>()
    .get('/', async (c) => tableResponse(c, 'admins', 'admins', await admins()))
    .post('/', validate('json', z.object({ userid: Userid })), async (c) => {
      const { userid } = c.req.valid('json');
      const known = await uow.read(({ db, t }) => first(db.select({ u: t.agents.userid }).from(t.agents).where(eq(t.agents.userid, userid)).limit(1)));
      if (!known) throw new NotFoundError(`member ${userid}`);
      if (d.config.adminUserids.includes(userid)) throw new ConflictError(`${userid} is an admin through ADMIN_USERIDS`);
      const now = d.clock.now();
      await uow.run(async (tx) => {
        const g = tx.t.adminGrants;
        const [added] = await tx.db.insert(g).values({ userid, grantedBy: c.get('userid'), grantedAt: now }).onConflictDoNothing().returning({ userid: g.userid });
        if (!added) throw new ConflictError(`${userid} is already an admin`);
        await writeAudit(tx, { at: now, actor: c.get('userid'), action: 'admin.grant', target: userid, after: { admin: true } });
      });
      return c.json({ admins: await admins() }, 201);
    })
    .delete('/:userid', async (c) => {
      const userid = c.req.param('userid');
      if (d.config.adminUserids.includes(userid)) throw new ConflictError(`${userid} is an admin through ADMIN_USERIDS and cannot be revoked here`);
      const now = d.clock.now();
      await uow.run(async (tx) => {
        const g = tx.t.adminGrants;
        const [before] = await tx.db.delete(g).where(eq(g.userid, userid)).returning({ grantedBy: g.grantedBy });
        if (!before) throw new NotFoundError(`admin grant for ${userid}`);
        await writeAudit(tx, { at: now, actor: c.get('userid'), action: 'admin.revoke', target: userid, before: { admin: true, grantedBy: before.grantedBy }, after: { admin: false } });
      });
      return c.json({ admins: await admins() });
    });
}
