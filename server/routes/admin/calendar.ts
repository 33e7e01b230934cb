/** @module `/api/admin/calendar` and `/api/admin/settings/org`: the service calendar (hours, year view, import, preview) and the org profile. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { CoreDeps } from '../../deps';
import { requireAdmin, type AuthedEnv } from '../../http/session';
import { validate } from '../../http/validate';
import { readSetting, SETTING, writeSetting, type OrgProfile } from '../../engine/org-config';
import { importSchedule, saveCalendar } from '../../services/calendar';
import { audit } from '../../services/audit';
import { formatNextOpen, toZonedIso, windowAt, yearView } from '../../../shared/calendar/index';

const Instant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO-8601 instant');

export function adminCalendarRoutes(d: CoreDeps) {
  return new Hono<AuthedEnv>()
    .use(requireAdmin(d))
    .get('/calendar', (c) => c.json({ config: d.org.getCalendar() }))
    .put('/calendar', validate('json', z.object({ config: z.unknown() })), (c) =>
      c.json({ config: saveCalendar({ ctx: d, input: { config: c.req.valid('json').config, by: c.get('userid') } }) }))
    .get('/calendar/year/:year', validate('param', z.object({ year: z.coerce.number().int().min(2000).max(2100) })), (c) =>
      c.json(yearView(d.org.getCalendar(), c.req.valid('param').year)))
    .post('/calendar/import', validate('json', z.object({ format: z.enum(['csv', 'ics']), content: z.string().min(1).max(1_000_000) })), (c) => {
      const r = importSchedule({ ctx: d, input: { ...c.req.valid('json'), by: c.get('userid') } });
      return c.json(r, r.errors.length > 0 ? 400 : 200);
    })
    .get('/calendar/preview', validate('query', z.object({ at: Instant })), (c) => {
      const cal = d.org.getCalendar();
      const at = Date.parse(c.req.valid('query').at);
      const w = windowAt(cal, new Date(at));
      const next = w.window === 'open' ? null : w.nextOpen;
      return c.json({
        window: w.window, dayKind: w.dayKind, holidayName: w.holidayName ?? null, localDate: w.localDate,
        nextOpenAt: next ? toZonedIso(next.getTime(), cal.timeZone) : null,
        nextOpenText: next ? formatNextOpen(next, cal.timeZone, 'zh', { now: new Date(at) }) : null,
        span: { start: toZonedIso(w.span.start.getTime(), cal.timeZone), end: w.span.end ? toZonedIso(w.span.end.getTime(), cal.timeZone) : null },
      });
    })
    .get('/settings/org', (c) => c.json(d.org.orgProfile()))
    .put('/settings/org', validate('json', z.object({ name: z.string().trim().min(1).max(40), orderLink: z.url().optional() })), (c) => {
      const next: OrgProfile = c.req.valid('json');
      const now = d.clock.now();
      d.db.transaction((tx) => {
        audit(tx, { at: now, actor: c.get('userid'), action: 'settings.org', before: readSetting(tx, SETTING.org), after: next });
        writeSetting(tx, SETTING.org, next, now, c.get('userid'));
      });
      d.org.invalidate('all');
      return c.json(next);
    });
}
