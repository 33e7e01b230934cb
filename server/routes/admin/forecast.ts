/**
 * @module `/api/admin/forecast/*` (admins only, by the route table): the next days' hourly load per team or for the organisation
 * (expected, 80 % interval, reason, Erlang C staffing, shortfall) over the last days' actuals (`?format=csv`
 * too); the backtest next to seasonal-naive; forecast settings (staffing target, automatic sensitivity in
 * peak hours, weekly card) with the hours the automatic sensitivity currently applies to.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { CoreDeps } from '../../deps';
import type { AuthedEnv } from '../../http/session';
import { validate } from '../../http/validate';
import { forecastCalendar } from '../../forecast/calendar';
import { forecastTeam } from '../../forecast/forecast-team';
import { readInboundHistory } from '../../forecast/history';
import { loadPeaks } from '../../forecast/peaks';
import { refreshPeaks } from '../../forecast/refresh-peaks';
import { ForecastSettings } from '../../config/catalogue';
import { loadForecastSettings, saveForecastSettings } from '../../forecast/settings';
import { backtest } from '../../../shared/forecast/index';
import { toZonedIso } from '../../../shared/calendar/index';
import { tableResponse } from './csv';

const Team = z.string().regex(/^[\w-]{1,64}$/).optional();
const ForecastQuery = z.object({
  team: Team,
  days: z.coerce.number().int().min(1).max(31).default(14),
  lang: z.enum(['zh', 'en']).default('zh'),
  format: z.enum(['csv', 'json']).optional(),
});

export function adminForecastRoutes(d: CoreDeps) {
  const peaksView = () => {
    const p = loadPeaks(d.db);
    const tz = forecastCalendar(d).timeZone;
    return p ? { source: p.source, computedAt: p.computedAt, hours: p.hourStarts.map((at) => toZonedIso(at, tz)), hoursOfDay: p.hoursOfDay } : null;
  };
  const teams = () => d.shared.uow.read(({ db, t }) => db.select({ openKfid: t.kfAccounts.openKfid, name: t.kfAccounts.name }).from(t.kfAccounts));
  return new Hono<AuthedEnv>()
    .get('/', validate('query', ForecastQuery), async (c) => {
      const q = c.req.valid('query');
      // The forecast itself is still computed synchronously: the peak-hours refresh and the weekly card call it
      // inside better-sqlite3 transactions.
      const f = forecastTeam({ ctx: d, input: { team: q.team, days: q.days, lang: q.lang } });
      const { hours, ...rest } = f;
      return tableResponse(c, 'forecast', 'hours', hours, { ...rest, teams: await teams() },
        ['hour', 'expected', 'low', 'high', 'dayType', 'holidayName', 'why', 'needed', 'scheduled', 'open', 'shortfall']);
    })
    .get('/backtest', validate('query', z.object({ team: Team })), (c) => {
      const team = c.req.valid('query').team;
      const calendar = forecastCalendar(d, team);
      return c.json(backtest(readInboundHistory(d.db, calendar.timeZone, { team, to: d.clock.now() }), calendar));
    })
    .get('/settings', (c) => c.json({ settings: loadForecastSettings(d.db), peaks: peaksView() }))
    .put('/settings', validate('json', ForecastSettings.partial().strict()), (c) => {
      const now = d.clock.now();
      const settings = d.db.transaction((tx) => {
        const s = saveForecastSettings(tx, c.req.valid('json'), c.get('userid'), now);
        if (s.autoSensitivity) refreshPeaks(d, tx);
        return s;
      });
      return c.json({ settings, peaks: peaksView() });
    });
}
