/**
 * @module Agent and admin APIs of the customer pages: the sidebar's appointments (this customer's — in the
 * conversations the caller may see — and the agent's own), the admin list with CSV export, and the WeCom sync
 * queue diagnostics. Who may call each is the route table's.
 */
import { Hono } from 'hono';
import { and, asc, desc, eq, gte, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { CoreDeps } from '../../app/deps';
import type { AppointmentRow } from '../../adapters/db/sqlite/schema/index';
import type { AuthedEnv } from '../session';
import { validate } from '../validate';
import { APPOINTMENT_CSV_COLUMNS, toView } from '../../core/appointments/views';
import { csvResponse } from './admin/csv';
import { calendarForIn } from '../../core/config/calendar';
import { recentAttempts } from '../../core/profile-sync/queue';
import { APPOINTMENT_STATUSES } from '../../../shared/domain/appointment';

const parse = (s: string | null) => (s === null ? null : (JSON.parse(s) as unknown));

export function appointmentApiRoutes(d: CoreDeps) {
  const tz = async () => (await d.shared.uow.read((q) => calendarForIn(q))).timeZone;
  return new Hono<AuthedEnv>()
    .get('/api/sidebar/appointments',
      validate('query', z.object({ externalUserid: z.string().min(1).max(64) })),
      async (c) => {
        const me = c.get('userid'), admin = c.get('isAdmin'), zone = await tz();
        const view = (r: AppointmentRow) => toView(r, zone, admin || r.agentUserid === me);
        const visible = c.get('conversations').map((conv) => conv.id);
        const { customer, mine } = await d.shared.uow.read(async ({ db, t: { appointments: a } }) => ({
          customer: visible.length === 0 ? []
            : await db.select().from(a).where(inArray(a.conversationId, visible)).orderBy(desc(a.slotStart)).limit(50),
          mine: await db.select().from(a).where(and(eq(a.agentUserid, me), gte(a.slotEnd, d.clock.now()))).orderBy(asc(a.slotStart)).limit(100),
        }));
        return c.json({
          customer: customer.map(view),
          mine: mine.filter((r) => r.status === 'booked' || r.status === 'rescheduled').map(view),
        });
      })
    .get('/api/admin/appointments',
      validate('query', z.object({ status: z.enum(APPOINTMENT_STATUSES).optional(), format: z.enum(['json', 'csv']).default('json') })),
      async (c) => {
        const { status, format } = c.req.valid('query');
        const zone = await tz();
        const rows = await d.shared.uow.read(({ db, t: { appointments: a } }) =>
          db.select().from(a).where(status ? eq(a.status, status) : undefined).orderBy(asc(a.slotStart)).limit(5000));
        const views = rows.map((r) => toView(r, zone, true));
        if (format === 'csv') return csvResponse(c, 'appointments', views, APPOINTMENT_CSV_COLUMNS);
        return c.json({ appointments: views });
      })
    .get('/api/admin/diagnostics/wecom-sync', async (c) => {
      const { rows, recent } = await d.shared.uow.read(async (q) => {
        const j = q.t.wecomSyncJobs;
        return { rows: await q.db.select().from(j).orderBy(desc(j.updatedAt)).limit(200), recent: await recentAttempts(q, 200) };
      });
      const jobs = rows.map((j) => ({ ...j, payload: parse(j.payload), lastRequest: parse(j.lastRequest), lastSent: undefined }));
      const attempts = recent.map((a) => ({ ...a, request: parse(a.request) }));
      return c.json({ jobs, attempts });
    });
}
