/** @module `/api/admin/audit?limit=&action=&actor=[&format=csv]`: the audit log of every admin change, newest first. */
import { Hono } from 'hono';
import { z } from 'zod';
import { and, desc, eq, like, type SQL } from 'drizzle-orm';
import type { CoreDeps } from '../../deps';
import { auditLog } from '../../db/schema/index';
import type { AuthedEnv } from '../../http/session';
import { validate } from '../../http/validate';
import { tableResponse } from './csv';

const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(5000).default(200),
  action: z.string().max(64).optional(),
  actor: z.string().max(64).optional(),
});

export function adminAuditRoutes(d: CoreDeps) {
  return new Hono<AuthedEnv>()
    .get('/', validate('query', AuditQuery), (c) => {
      const q = c.req.valid('query');
      const where: SQL[] = [];
      if (q.action) where.push(like(auditLog.action, `${q.action.replaceAll('%', '')}%`));
      if (q.actor) where.push(eq(auditLog.actor, q.actor));
      const rows = d.db.select().from(auditLog).where(where.length ? and(...where) : undefined)
        .orderBy(desc(auditLog.at), desc(auditLog.id)).limit(q.limit).all();
      const out = rows.map((r) => ({ ...r, atIso: new Date(r.at).toISOString() }));
      return tableResponse(c, 'audit', 'entries', out, {}, ['id', 'atIso', 'actor', 'action', 'target', 'before', 'after']);
    });
}
