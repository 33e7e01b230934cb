/**
 * @module `/api/admin/forecast/*` (admins only, by the route table): the next days' hourly load per team or for the organisation
 * (expected, 80 % interval, reason, Erlang C staffing, shortfall) over the last days' actuals (`?format=csv`
 * too); the backtest next to seasonal-naive; forecast settings (staffing target, automatic sensitivity in
 * peak hours, weekly card) with the hours the automatic sensitivity currently applies to.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { CoreDeps } from '../../../app/deps';
import type { Queries } from '../../../core/ports/queries';
import type { AuthedEnv } from '../../session';
import { validate } from '../../validate';
import { calendarForIn } from '../../../core/config/calendar';
import { forecastTeamIn } from '../../../core/forecast/forecast-team';
import { readInboundHistoryIn } from '../../../core/forecast/history';
import { loadPeaksIn } from '../../../core/forecast/peaks';
import { refreshPeaksIn } from '../../../core/forecast/refresh-peaks';
import { ForecastSettings } from '../../../core/config/catalogue';
import { loadForecastSettingsIn, saveForecastSettingsIn } from '../../../core/forecast/settings';
import { backtest } from '../../../../shared/forecast/index';
import { toZonedIso } from '../../../../shared/calendar/index';
import { tableResponse } from './csv';

const Team = z.string().regex(/^[\w-]{1,64}$/).optional();
const ForecastQuery = z.object({
  team: Team,
  days: z.coerce.number().int().min(1).max(31).default(14),
  lang: z.enum(['zh', 'en']).default('zh'),
  format: z.enum(['csv', 'json']).optional(),
});

export function adminForecastRoutes(d: CoreDeps) {
  const { uow } = d.shared;
  const peaksView = (q: Queries) => async () => {
    const p = await loadPeaksIn(q);
    const tz = (await calendarForIn(q)).timeZone;
    return p ? { source: p.source, computedAt: p.computedAt, hours: p.hourStarts.map((at) => toZonedIso(at, tz)), hoursOfDay: p.hoursOfDay } : null;
  };
  return new Hono<AuthedEnv>()
    .get('/', validate('query', ForecastQuery), async (c) => {
      const q = c.req.valid('query');
      const { f, teams } = await uow.read(async (rq) => ({
        f: await forecastTeamIn(rq, { ctx: d, input: { team: q.team, days: q.days, lang: q.lang } }),
        teams: await rq.db.select({ openKfid: rq.t.kfAccounts.openKfid, name: rq.t.kfAccounts.name }).from(rq.t.kfAccounts),
      }));
      const { hours, ...rest } = f;
      return tableResponse(c, 'forecast', 'hours', hours, { ...rest, teams },
        ['hour', 'expected', 'low', 'high', 'dayType', 'holidayName', 'why', 'needed', 'scheduled', 'open', 'shortfall']);
    })
    .get('/backtest', validate('query', z.object({ team: Team })), async (c) => {
      const team = c.req.valid('query').team;
      return c.json(await uow.read(async (q) => {
        const calendar = await calendarForIn(q, { team });
        return backtest(await readInboundHistoryIn(q, calendar.timeZone, { team, to: d.clock.now() }), calendar);
      }));
    })
    .get('/settings', async (c) => c.json(await uow.read(async (q) => ({ settings: await loadForecastSettingsIn(q), peaks: await peaksView(q)() }))))
    .put('/settings', validate('json', ForecastSettings.partial().strict()), async (c) => {
      const now = d.clock.now();
      const settings = await uow.run(async (tx) => {
        const s = await saveForecastSettingsIn(tx, c.req.valid('json'), c.get('userid'), now);
        if (s.autoSensitivity) await refreshPeaksIn(tx, d);
        return s;
      });
      return c.json({ settings, peaks: await uow.read((q) => peaksView(q)()) });
    });
}
