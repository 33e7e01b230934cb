/**
 * @module The one place the forecast reads a calendar: the team's (a 微信客服 account's own, else the
 * organisation's) or, without a team, the organisation's. When `calendarFor(team)` lands this is its only caller.
 */
import type { CoreDeps } from '../deps';
import { OrgConfig } from '../engine/org-config';
import type { CalendarConfig } from '../../shared/calendar/index';

export function forecastCalendar(ctx: Pick<CoreDeps, 'db'> & { org?: OrgConfig }, team?: string): CalendarConfig {
  return (ctx.org ?? new OrgConfig(ctx)).getCalendar(ctx.db, team);
}
