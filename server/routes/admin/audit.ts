/**
 * @module `/api/admin/audit?from=&to=&actor=&kind=&action=&limit=&offset=[&format=csv]`: the audit log of every admin
 * change together with every agent status change (action `agent.status`, before/after the statuses, `source` how it
 * changed), newest first, one page at a time (`total` counts all matches). `from`/`to` are dates (YYYY-MM-DD, both
 * included) on the org calendar; `kind` is the first word of the action (rules, template, duty, agent …); `action`
 * a prefix of it (kept for older callers). Each row carries `actorName` and `atIso` on the org clock.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { sql, type SQL } from 'drizzle-orm';
import type { CoreDeps } from '../../deps';
import { agents, agentStatusHistory, auditLog } from '../../db/schema/index';
import type { AuthedEnv } from '../../http/session';
import { validate } from '../../http/validate';
import { tableResponse } from './csv';
import { calendarFor } from '../../config/calendar';
import { addDays, toZonedIso, zonedInstant } from '../../../shared/calendar/index';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式为 YYYY-MM-DD / date as YYYY-MM-DD');
const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(5000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
  from: Day.optional(),
  to: Day.optional(),
  kind: z.string().regex(/^[a-z_]+$/).max(32).optional(),
  action: z.string().max(64).optional(),
  actor: z.string().max(64).optional(),
});

interface Row { id: number; at: number; actor: string; action: string; target: string | null; before: string | null; after: string | null; source: string | null }

export function adminAuditRoutes(d: CoreDeps) {
  return new Hono<AuthedEnv>()
    .get('/', validate('query', AuditQuery), (c) => {
      const q = c.req.valid('query');
      const zone = calendarFor(d.db).timeZone;
      // Both logs as one: a status change reads like an admin change (who, what, before → after). Its id is negative
      // so the two id spaces never collide.
      const all = sql`select ${auditLog.id} as id, ${auditLog.at} as at, ${auditLog.actor} as actor, ${auditLog.action} as action,
          ${auditLog.target} as target, ${auditLog.before} as before, ${auditLog.after} as after, null as source from ${auditLog}
        union all
        select -${agentStatusHistory.id}, ${agentStatusHistory.at}, ${agentStatusHistory.userid}, 'agent.status', ${agentStatusHistory.userid},
          '"' || ${agentStatusHistory.fromStatus} || '"', '"' || ${agentStatusHistory.toStatus} || '"', ${agentStatusHistory.source} from ${agentStatusHistory}`;
      const where: SQL[] = [];
      if (q.from) where.push(sql`at >= ${zonedInstant(q.from, 0, zone)}`);
      if (q.to) where.push(sql`at < ${zonedInstant(addDays(q.to, 1), 0, zone)}`);
      if (q.kind) where.push(sql`(action = ${q.kind} or action like ${`${q.kind}.%`})`);
      if (q.action) where.push(sql`action like ${`${q.action.replaceAll('%', '')}%`}`);
      if (q.actor) where.push(sql`actor = ${q.actor}`);
      const filter = where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``;
      const total = d.db.get<{ n: number }>(sql`select count(*) as n from (${all}) ${filter}`)?.n ?? 0;
      const rows = d.db.all<Row>(sql`select * from (${all}) ${filter} order by at desc, id desc limit ${q.limit} offset ${q.offset}`);
      const names = new Map(d.db.select({ userid: agents.userid, name: agents.name }).from(agents).all().map((a) => [a.userid, a.name]));
      const out = rows.map((r) => ({
        ...r, atIso: toZonedIso(r.at, zone), actorName: names.get(r.actor) ?? null,
        targetName: r.action === 'agent.status' || r.action.startsWith('admin.') ? names.get(r.target ?? '') ?? null : null,
      }));
      return tableResponse(c, 'audit', 'entries', out, { total, offset: q.offset, limit: q.limit },
        ['id', 'atIso', 'actor', 'action', 'target', 'before', 'after']);
    });
}
