/**
 * @module The one place the forecast reads a calendar — through `calendarFor`: the team's (a 微信客服 account's
 * own, else the organisation's) or, without a team, the organisation's.
 */
import type { CoreDeps } from '../deps';
import { calendarFor } from '../config/calendar';
import type { CalendarConfig } from '../../shared/calendar/index';

export function forecastCalendar(ctx: Pick<CoreDeps, 'db'>, team?: string): CalendarConfig {
  return calendarFor(ctx.db, { team });
}
