/** @module `/api/admin/calendar` and `/api/admin/settings/org`: the service calendar (hours, year view, import, preview) and the org profile. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { CoreDeps } from '../../deps';
import type { AuthedEnv } from '../../http/session';
import { validate } from '../../http/validate';
import { OrgProfile, SETTINGS } from '../../config/catalogue';
import { calendarFor, hasOwnCalendar } from '../../config/calendar';
import { readOwnSetting, writeSetting } from '../../config/settings';
import { dropTeamCalendar, importSchedule, saveCalendar } from '../../services/calendar';
import { kfAccounts } from '../../db/schema/index';
import { audit } from '../../services/audit';
import { formatNextOpen, toZonedIso, windowAt, yearView } from '../../../shared/calendar/index';

const Instant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO-8601 instant');
/** A team is a 微信客服 account (open_kfid); without one, the organisation's calendar. */
const TeamId = z.string().regex(/^[0-9A-Za-z_-]{1,64}$/, 'team must be an open_kfid');
const Team = z.object({ team: TeamId.optional() });

export function adminCalendarRoutes(d: CoreDeps) {
  return new Hono<AuthedEnv>()
    .get('/calendar', validate('query', Team), (c) => {
      const { team } = c.req.valid('query');
      return c.json({
        config: calendarFor(d.db, { team }), team: team ?? null, inherited: team ? !hasOwnCalendar(d.db, team) : false,
        teams: d.db.select().from(kfAccounts).all().map((a) => ({ openKfid: a.openKfid, name: a.name, own: hasOwnCalendar(d.db, a.openKfid) })),
      });
    })
    .put('/calendar', validate('query', Team), validate('json', z.object({ config: z.unknown() })), (c) =>
      c.json({ config: saveCalendar({ ctx: d, input: { config: c.req.valid('json').config, by: c.get('userid'), team: c.req.valid('query').team } }) }))
    .delete('/calendar', validate('query', z.object({ team: TeamId })), (c) => {
      dropTeamCalendar({ ctx: d, input: { team: c.req.valid('query').team, by: c.get('userid') } });
      return c.json({ ok: true });
    })
    .get('/calendar/year/:year', validate('query', Team), validate('param', z.object({ year: z.coerce.number().int().min(2000).max(2100) })), (c) =>
      c.json(yearView(calendarFor(d.db, { team: c.req.valid('query').team }), c.req.valid('param').year)))
    .post('/calendar/import', validate('query', Team), validate('json', z.object({ format: z.enum(['csv', 'ics']), content: z.string().min(1).max(1_000_000) })), (c) => {
      const r = importSchedule({ ctx: d, input: { ...c.req.valid('json'), by: c.get('userid'), team: c.req.valid('query').team } });
      return c.json(r, r.errors.length > 0 ? 400 : 200);
    })
    .get('/calendar/preview', validate('query', Team.extend({ at: Instant })), (c) => {
      const cal = calendarFor(d.db, { team: c.req.valid('query').team });
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
    .put('/settings/org', validate('json', OrgProfile), (c) => {
      const now = d.clock.now();
      const next = d.db.transaction((tx) => {
        const before = readOwnSetting(tx, SETTINGS.org);
        const saved = writeSetting(tx, SETTINGS.org, c.req.valid('json'), { at: now, by: c.get('userid') });
        audit(tx, { at: now, actor: c.get('userid'), action: 'settings.org', before, after: saved });
        return saved;
      });
      return c.json(next);
    });
}
