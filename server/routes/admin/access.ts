/**
 * @module `/api/admin/admins`: who is an admin (ADMIN_USERIDS members always, plus
 * grants by another admin). Grants and revokes write audit rows.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import type { CoreDeps } from '../../deps';
import { adminGrants, agents } from '../../db/schema/index';
import { audit } from '../../services/audit';
import { ConflictError, NotFoundError } from '../../errors';
import type { AuthedEnv } from '../../http/session';
import { validate } from '../../http/validate';
import { tableResponse } from './csv';

export interface AdminRow { userid: string; name: string | null; source: 'env' | 'grant'; grantedBy: string | null; grantedAt: number | null }

export function listAdmins(d: Pick<CoreDeps, 'db' | 'config'>): AdminRow[] {
  const names = new Map(d.db.select({ u: agents.userid, n: agents.name }).from(agents).all().map((r) => [r.u, r.n]));
  const rows: AdminRow[] = d.config.adminUserids.map((u) => ({ userid: u, name: names.get(u) ?? null, source: 'env', grantedBy: null, grantedAt: null }));
  for (const g of d.db.select().from(adminGrants).orderBy(adminGrants.grantedAt).all()) {
    if (d.config.adminUserids.includes(g.userid)) continue;
    rows.push({ userid: g.userid, name: names.get(g.userid) ?? null, source: 'grant', grantedBy: g.grantedBy, grantedAt: g.grantedAt });
  }
  return rows;
}

const Userid = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_.@-]+$/, 'a WeCom userid');

export function adminAccessRoutes(d: CoreDeps) {
  return new Hono<AuthedEnv>()
    .get('/', (c) => tableResponse(c, 'admins', 'admins', listAdmins(d)))
    .post('/', validate('json', z.object({ userid: Userid })), (c) => {
      const { userid } = c.req.valid('json');
      const known = d.db.select({ u: agents.userid }).from(agents).where(eq(agents.userid, userid)).get();
      if (!known) throw new NotFoundError(`member ${userid}`);
      if (d.config.adminUserids.includes(userid)) throw new ConflictError(`${userid} is an admin through ADMIN_USERIDS`);
      const now = d.clock.now();
      d.db.transaction((tx) => {
        const before = tx.select().from(adminGrants).where(eq(adminGrants.userid, userid)).get();
        if (before) throw new ConflictError(`${userid} is already an admin`);
        tx.insert(adminGrants).values({ userid, grantedBy: c.get('userid'), grantedAt: now }).run();
        audit(tx, { at: now, actor: c.get('userid'), action: 'admin.grant', target: userid, after: { admin: true } });
      });
      return c.json({ admins: listAdmins(d) }, 201);
    })
    .delete('/:userid', (c) => {
      const userid = c.req.param('userid');
      if (d.config.adminUserids.includes(userid)) throw new ConflictError(`${userid} is an admin through ADMIN_USERIDS and cannot be revoked here`);
      const now = d.clock.now();
      d.db.transaction((tx) => {
        const before = tx.select().from(adminGrants).where(eq(adminGrants.userid, userid)).get();
        if (!before) throw new NotFoundError(`admin grant for ${userid}`);
        tx.delete(adminGrants).where(eq(adminGrants.userid, userid)).run();
        audit(tx, { at: now, actor: c.get('userid'), action: 'admin.revoke', target: userid, before: { admin: true, grantedBy: before.grantedBy }, after: { admin: false } });
      });
      return c.json({ admins: listAdmins(d) });
    });
}
