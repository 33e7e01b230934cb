/**
 * @module Agent and admin APIs of the customer pages: the sidebar's appointments (this customer's and the
 * agent's own), the admin list with CSV export, and the WeCom sync queue diagnostics.
 */
import { Hono } from 'hono';
import { and, asc, desc, eq, gte } from 'drizzle-orm';
import { z } from 'zod';
import type { CoreDeps } from '../deps';
import { appointments, wecomSyncJobs } from '../db/schema/index';
import { requireAdmin, requireAgent, type AuthedEnv } from '../http/session';
import { validate } from '../http/validate';
import { toCsv, toView } from '../appointments/views';
import { calendarFor } from '../config/calendar';
import { recentAttempts } from '../profile-sync/queue';
import { APPOINTMENT_STATUSES } from '../../shared/domain/appointment';

const parse = (s: string | null) => (s === null ? null : (JSON.parse(s) as unknown));

export function appointmentApiRoutes(d: CoreDeps) {
  const tz = () => calendarFor(d.db).timeZone;
  return new Hono<AuthedEnv>()
    .get('/api/sidebar/appointments', requireAgent(d),
      validate('query', z.object({ externalUserid: z.string().min(1).max(64) })),
      (c) => {
        const { externalUserid } = c.req.valid('query');
        const me = c.get('userid'), admin = c.get('isAdmin'), zone = tz();
        const view = (r: typeof appointments.$inferSelect) => toView(r, zone, admin || r.agentUserid === me);
        const customer = d.db.select().from(appointments).where(eq(appointments.externalUserid, externalUserid))
          .orderBy(desc(appointments.slotStart)).limit(50).all().map(view);
        const mine = d.db.select().from(appointments)
          .where(and(eq(appointments.agentUserid, me), gte(appointments.slotEnd, d.clock.now())))
          .orderBy(asc(appointments.slotStart)).limit(100).all()
          .filter((r) => r.status === 'booked' || r.status === 'rescheduled').map(view);
        return c.json({ customer, mine });
      })
    .get('/api/admin/appointments', requireAdmin(d),
      validate('query', z.object({ status: z.enum(APPOINTMENT_STATUSES).optional(), format: z.enum(['json', 'csv']).default('json') })),
      (c) => {
        const { status, format } = c.req.valid('query');
        const zone = tz();
        const views = d.db.select().from(appointments).where(status ? eq(appointments.status, status) : undefined)
          .orderBy(asc(appointments.slotStart)).limit(5000).all().map((r) => toView(r, zone, true));
        if (format === 'csv') {
          c.header('content-type', 'text/csv; charset=utf-8');
          c.header('content-disposition', 'attachment; filename="appointments.csv"');
          return c.body(toCsv(views));
        }
        return c.json({ appointments: views });
      })
    .get('/api/admin/diagnostics/wecom-sync', requireAdmin(d), (c) => {
      const jobs = d.db.select().from(wecomSyncJobs).orderBy(desc(wecomSyncJobs.updatedAt)).limit(200).all()
        .map((j) => ({ ...j, payload: parse(j.payload), lastRequest: parse(j.lastRequest), lastSent: undefined }));
      const attempts = recentAttempts(d.db, 200).map((a) => ({ ...a, request: parse(a.request) }));
      return c.json({ jobs, attempts });
    });
}
