/**
 * @module `forecastTeamIn`: the next days' hourly load of one team (a 微信客服 account) or the whole organisation
 * — expected, 80 % interval, kind of day and the reason in words — with Erlang C staffing per hour and the
 * last days' actual counts, from the stored history and the team's calendar.
 */
import { eq } from 'drizzle-orm';
import type { CoreDeps } from '../../app/deps';
import { first, type Queries } from '../ports/queries';
import { explainHour, forecastLoad, hourStart, hoursOfRange, loadDayMap, type ExplainLocale, type ForecastHour, type HourGrid, type LoadModel } from '../../../shared/forecast/index';
import { localParts, toZonedIso, type CalendarConfig } from '../../../shared/calendar/index';
import { forecastCalendarIn } from './calendar';
import { readInboundHistoryIn } from './history';
import { loadForecastSettingsIn } from './settings';
import { planStaffingIn, type StaffingPlan } from './staffing';

/** History older than this is not read (its weight in the model is small anyway). */
export const HISTORY_WEEKS = 52;
const WEEK_MS = 7 * 86_400_000;

export interface ForecastRow {
  at: number; hour: string; expected: number; low: number; high: number;
  dayType: string; holidayName: string | null; why: string;
  needed: number; scheduled: number; open: boolean; shortfall: boolean;
}

export interface TeamForecast {
  team: string | null;
  teamName: string | null;
  timeZone: string;
  from: string;
  days: number;
  historyDays: number;
  historyMessages: number;
  hours: ForecastRow[];
  /** Actual inbound messages per hour over the `actualDays` before `from`, with the kind of day. */
  actuals: { at: number; hour: string; count: number; dayType: string; holidayName: string | null }[];
  staffing: Omit<StaffingPlan, 'hours'>;
}

export interface ForecastTeamInput { team?: string | undefined; from?: number; days?: number; actualDays?: number; lang?: ExplainLocale }

/** The forecast of one team (or the organisation) in a unit of work (either engine). */
export async function forecastTeamIn(q: Queries, { ctx, input }: { ctx: Pick<CoreDeps, 'clock'>; input: ForecastTeamInput }): Promise<TeamForecast> {
  const calendar = await forecastCalendarIn(q, input.team);
  const tz = calendar.timeZone;
  const from = hourStart(input.from ?? ctx.clock.now(), tz);
  const days = input.days ?? 14;
  const grid = await readInboundHistoryIn(q, tz, { team: input.team, from: from - HISTORY_WEEKS * WEEK_MS, to: from });
  const { model, hours } = forecastLoad(grid, calendar, from, days);
  const settings = await loadForecastSettingsIn(q);
  const staffing = await planStaffingIn(q, {
    now: ctx.clock.now(), team: input.team, points: hours, settings,
    teamCalendar: calendar, orgCalendar: await forecastCalendarIn(q),
  });
  const { kfAccounts: k } = q.t;
  const name = input.team ? (await first(q.db.select({ n: k.name }).from(k).where(eq(k.openKfid, input.team)).limit(1)))?.n ?? null : null;
  return teamForecast({ input, calendar, from, days, grid, model, hours, staffing, name });
}

function teamForecast({ input, calendar, from, days, grid, model, hours, staffing, name }: {
  input: ForecastTeamInput; calendar: CalendarConfig; from: number; days: number; grid: HourGrid;
  model: LoadModel; hours: ForecastHour[]; staffing: StaffingPlan; name: string | null;
}): TeamForecast {
  const tz = calendar.timeZone;
  const lang = input.lang ?? 'zh';
  const actualDays = input.actualDays ?? 14;
  const actualStart = hoursOfRange(from - actualDays * 86_400_000, actualDays, tz);
  const { hours: _perHour, ...assumptions } = staffing;
  return {
    team: input.team ?? null, teamName: name, timeZone: tz, from: toZonedIso(from, tz), days,
    historyDays: model.historyDays, historyMessages: model.messages,
    hours: hours.map((p, i) => ({
      at: p.at, hour: p.hour, expected: p.expected, low: p.low, high: p.high,
      dayType: p.day.type, holidayName: p.day.holidayName ?? null, why: explainHour(p, model, lang),
      ...staffing.hours[i]!,
    })),
    actuals: actualRows(grid, calendar, actualStart.filter((at) => at < from)),
    staffing: assumptions,
  };
}

function actualRows(grid: HourGrid, calendar: CalendarConfig, hours: number[]): TeamForecast['actuals'] {
  if (hours.length === 0) return [];
  const tz = calendar.timeZone;
  const days = loadDayMap(calendar, localParts(hours[0]!, tz).date, localParts(hours[hours.length - 1]!, tz).date);
  return hours.map((at) => {
    const p = localParts(at, tz), day = days.get(p.date);
    return { at, hour: toZonedIso(at, tz), count: grid.get(p.date, p.hour), dayType: day?.type ?? 'workday', holidayName: day?.holidayName ?? null };
  });
}
