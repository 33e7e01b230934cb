/**
 * @module The one place the forecast reads a calendar — through `calendarFor`: the team's (a 微信客服 account's
 * own, else the organisation's) or, without a team, the organisation's.
 */
import type { CoreDeps } from '../deps';
import type { Queries } from '../core/ports/queries';
import { calendarFor, calendarForIn } from '../config/calendar';
import type { CalendarConfig } from '../../shared/calendar/index';

/** The team's calendar (else the organisation's) in a unit of work (either engine). */
export function forecastCalendarIn(q: Queries, team?: string): Promise<CalendarConfig> {
  return calendarForIn(q, { team });
}

/** @deprecated synchronous twin for server/routes/admin/forecast.ts until it is converted */
export function forecastCalendar(ctx: Pick<CoreDeps, 'db'>, team?: string): CalendarConfig {
  return calendarFor(ctx.db, { team });
}
