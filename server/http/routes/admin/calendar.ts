/** @module `/api/admin/calendar` and `/api/admin/settings/org`: the service calendar (hours, year view, import, preview) and the org profile. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { CoreDeps } from '../../../app/deps';
import type { AuthedEnv } from '../../session';
import { validate } from '../../validate';
import { OrgProfile, SETTINGS } from '../../../core/config/catalogue';
import { readOwnSettingIn, readSettingIn, writeSettingIn } from '../../../core/config/settings';
import type { Queries } from '../../../core/ports/queries';
import { dropTeamCalendar, importSchedule, saveCalendar } from '../../../core/services/calendar';
import { writeAudit } from '../../../core/services/audit';
import { formatNextOpen, holidaysUnknownWarnings, toZonedIso, windowAt, yearView } from '../../../../shared/calendar/index';

const Instant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO-8601 instant');
/** A team is a 微信客服 account (open_kfid); without one, the organisation's calendar. */
/** The calendar a team uses (its own, else the organisation's); the organisation's without `team`. */
const calendarOf = (q: Queries, team?: string) => readSettingIn(q, SETTINGS.calendar, team);
const hasOwn = async (q: Queries, team: string) => (await readOwnSettingIn(q, SETTINGS.calendar, team)) !== undefined;
const TeamId = z.string().regex(/^[0-9A-Za-z_-]{1,64}$/, 'team must be an open_kfid');
const Team = z.object({ team: TeamId.optional() });

export function adminCalendarRoutes(d: CoreDeps) {
  return new Hono<AuthedEnv>()
    .get('/calendar', validate('query', Team), async (c) => {
      const { team } = c.req.valid('query');
      const { config, inherited, teams } = await d.shared.uow.read(async (q) => {
        const accounts = await q.db.select({ openKfid: q.t.kfAccounts.openKfid, name: q.t.kfAccounts.name }).from(q.t.kfAccounts);
        const list = [];
        for (const a of accounts) list.push({ openKfid: a.openKfid, name: a.name, own: await hasOwn(q, a.openKfid) });
        return { config: await calendarOf(q, team), inherited: team ? !(await hasOwn(q, team)) : false, teams: list };
      });
      const name = team && !inherited ? teams.find((t) => t.openKfid === team)?.name : undefined;
      // this calendar running past the statutory days it knows (next year's from 1 November, org clock)
      const warnings = holidaysUnknownWarnings(config, new Date(d.clock.now()), name);
      return c.json({ config, team: team ?? null, inherited, teams, warnings });
    })
    .put('/calendar', validate('query', Team), validate('json', z.object({ config: z.unknown() })), async (c) =>
      c.json({ config: await saveCalendar({ ctx: d, input: { config: c.req.valid('json').config, by: c.get('userid'), team: c.req.valid('query').team } }) }))
    .delete('/calendar', validate('query', z.object({ team: TeamId })), async (c) => {
      await dropTeamCalendar({ ctx: d, input: { team: c.req.valid('query').team, by: c.get('userid') } });
      return c.json({ ok: true });
    })
    .get('/calendar/year/:year', validate('query', Team), validate('param', z.object({ year: z.coerce.number().int().min(2000).max(2100) })), async (c) =>
      c.json(yearView(await d.shared.uow.read((q) => calendarOf(q, c.req.valid('query').team)), c.req.valid('param').year)))
    .post('/calendar/import', validate('query', Team), validate('json', z.object({ format: z.enum(['csv', 'ics']), content: z.string().min(1).max(1_000_000) })), async (c) => {
      const r = await importSchedule({ ctx: d, input: { ...c.req.valid('json'), by: c.get('userid'), team: c.req.valid('query').team } });
      return c.json(r, r.errors.length > 0 ? 400 : 200);
    })
    .get('/calendar/preview', validate('query', Team.extend({ at: Instant })), async (c) => {
      const cal = await d.shared.uow.read((q) => calendarOf(q, c.req.valid('query').team));
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
    .get('/settings/org', async (c) => c.json(await d.shared.uow.read((q) => d.org.orgProfileIn(q))))
    .put('/settings/org', validate('json', OrgProfile), async (c) => {
      const now = d.clock.now();
      const next = await d.shared.uow.run(async (tx) => {
        const before = await readOwnSettingIn(tx, SETTINGS.org);
        const saved = await writeSettingIn(tx, SETTINGS.org, c.req.valid('json'), { at: now, by: c.get('userid') });
        await writeAudit(tx, { at: now, actor: c.get('userid'), action: 'settings.org', before, after: saved });
        return saved;
      });
      return c.json(next);
    });
}
