/**
 * @module `/api/admin/audit?from=&to=&actor=&kind=&action=&limit=&offset=[&format=csv]`: the audit log of every admin
 * change together with every agent status change (action `agent.status`, before/after the statuses, `source` how it
 * changed), newest first, one page at a time (`total` counts all matches). `from`/`to` are dates (YYYY-MM-DD, both
 * included) on the org calendar; `kind` is the first word of the action (rules, template, duty, agent …); `action`
 * a prefix of it (kept for older callers). Each row carries `actorName` and `atIso` on the org clock.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { count, sql, type SQL } from 'drizzle-orm';
import type { CoreDeps } from '../../../app/deps';
import { first, type Queries } from '../../../core/ports/queries';
import type { AuthedEnv } from '../../session';
import { validate } from '../../validate';
import { tableResponse } from './csv';
import { calendarForIn } from '../../../core/config/calendar';
import { addDays, toZonedIso, zonedInstant } from '../../../../shared/calendar/index';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式为 YYYY-MM-DD / date as YYYY-MM-DD');
const AuditQueryInput = z.object({
  limit: z.coerce.number().int().min(1).max(5000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
  from: Day.optional(),
  to: Day.optional(),
  kind: z.string().regex(/^[a-z_]+$/).max(32).optional(),
  action: z.string().max(64).optional(),
  actor: z.string().max(64).optional(),
});

export interface AuditQuery { from?: number; to?: number; kind?: string; action?: string; actor?: string; limit: number; offset: number }

/**
 * Both logs as one: a status change reads like an admin change (who, what, before → after). Its id is negative so
 * the two id spaces never collide. `from`/`to` are instants (ms); `total` counts all matches.
 */
export async function auditEntries(q: Queries, f: AuditQuery) {
  const { agents, agentStatusHistory: h, auditLog: a } = q.t;
  const entries = q.db.select({
    id: a.id, at: a.at, actor: a.actor, action: a.action, target: a.target, before: a.before, after: a.after,
    source: sql<string | null>`null`.as('source'),
  }).from(a).unionAll(q.db.select({
    id: sql<number>`-${h.id}`.as('id'), at: h.at, actor: h.userid, action: sql<string>`'agent.status'`.as('action'), target: h.userid,
    before: sql<string | null>`'"' || ${h.fromStatus} || '"'`.as('before'), after: sql<string | null>`'"' || ${h.toStatus} || '"'`.as('after'),
    source: h.source,
  }).from(h)).as('entries');
  const where: SQL[] = [];
  if (f.from !== undefined) where.push(sql`at >= ${f.from}`);
  if (f.to !== undefined) where.push(sql`at < ${f.to}`);
  // `lower()` on both sides: SQLite's `like` ignores ASCII case, PostgreSQL's does not.
  if (f.kind) where.push(sql`(action = ${f.kind} or lower(action) like ${`${f.kind.toLowerCase()}.%`})`);
  if (f.action) where.push(sql`lower(action) like ${`${f.action.replaceAll('%', '').toLowerCase()}%`}`);
  if (f.actor) where.push(sql`actor = ${f.actor}`);
  const filter = where.length ? sql.join(where, sql` and `) : undefined;
  const total = (await first(q.db.select({ n: count() }).from(entries).where(filter)))?.n ?? 0;
  const rows = await q.db.select().from(entries).where(filter).orderBy(sql`at desc, id desc`).limit(f.limit).offset(f.offset);
  const names = new Map((await q.db.select({ userid: agents.userid, name: agents.name }).from(agents)).map((x) => [x.userid, x.name]));
  return { total, rows, names };
}

export function adminAuditRoutes(d: CoreDeps) {
  return new Hono<AuthedEnv>()
    .get('/', validate('query', AuditQueryInput), async (c) => {
      const q = c.req.valid('query');
      const { zone, total, rows, names } = await d.shared.uow.read(async (reads) => {
        const zone = (await calendarForIn(reads)).timeZone;
        return { zone, ...(await auditEntries(reads, {
        from: q.from === undefined ? undefined : zonedInstant(q.from, 0, zone),
        to: q.to === undefined ? undefined : zonedInstant(addDays(q.to, 1), 0, zone),
          kind: q.kind, action: q.action, actor: q.actor, limit: q.limit, offset: q.offset,
        })) };
      });
      const out = rows.map((r) => ({
        ...r, atIso: toZonedIso(r.at, zone), actorName: names.get(r.actor) ?? null,
        targetName: r.action === 'agent.status' || r.action.startsWith('admin.') ? names.get(r.target ?? '') ?? null : null,
      }));
      return tableResponse(c, 'audit', 'entries', out, { total, offset: q.offset, limit: q.limit },
        ['id', 'atIso', 'actor', 'action', 'target', 'before', 'after']);
    });
}
