/**
 * @module The one place the forecast reads a calendar — through `calendarForIn`: the team's (a 微信客服 account's
 * own, else the organisation's) or, without a team, the organisation's.
 */
import type { Queries } from '../ports/queries';
import { calendarForIn } from '../config/calendar';
import type { CalendarConfig } from '../../../shared/calendar/index';

/** The team's calendar (else the organisation's) in a unit of work (either engine). */
export function forecastCalendarIn(q: Queries, team?: string): Promise<CalendarConfig> {
  return calendarForIn(q, { team });
}
