/**
 * @module `GET /api/admin/diagnostics/relays` (admins only): every relay attempt, escalation, alert and late
 * timer, and the route's switch to the backup channel and back — who, when (org zone), why, WeCom result —
 * newest first, night hand-overs first.
 */
import { Hono } from 'hono';
import { and, desc, eq, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { CoreDeps } from '../../app/deps';
import type { AuthedEnv } from '../session';
import { validate } from '../validate';
import { calendarForIn } from '../../core/config/calendar';
import { toZonedIso } from '../../../shared/calendar/index';
import { relayReasonTextIn, relayResultTextIn } from '../../core/alerts/relay-words';

const Query = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  kind: z.enum(['relay', 'escalation', 'alert', 'timer']).optional(),
  conversationId: z.coerce.number().int().positive().optional(),
});

export function relayDiagnosticsRoutes(d: CoreDeps) {
  return new Hono<AuthedEnv>()
    .get('/relays', validate('query', Query), async (c) => {
      const q = c.req.valid('query');
      // `atLocal`: the time in the organisation's zone (e.g. the backup channel's switch and the way back);
      // `reasonText` / `resultText`: the reason code and the result in words with names, WeCom session states by
      // their meaning (null when there are no words for it: it is shown as it is)
      const items = await d.shared.uow.read(async (rq) => {
        const { db, t: { relayDiagnostics } } = rq;
        const where: SQL[] = [];
        if (q.kind) where.push(eq(relayDiagnostics.kind, q.kind));
        if (q.conversationId) where.push(eq(relayDiagnostics.conversationId, q.conversationId));
        const rows = await db.select().from(relayDiagnostics).where(and(...where))
          .orderBy(desc(relayDiagnostics.night), desc(relayDiagnostics.at), desc(relayDiagnostics.id)).limit(q.limit);
        const zone = (await calendarForIn(rq)).timeZone;
        return Promise.all(rows.map(async (r) => ({
          ...r, atLocal: toZonedIso(r.at, zone), detail: r.detail ? JSON.parse(r.detail) as unknown : null,
          reasonText: r.reason ? await relayReasonTextIn(rq, r.reason) : null, resultText: await relayResultTextIn(rq, r.result),
        })));
      });
      return c.json({ items });
    });
}
