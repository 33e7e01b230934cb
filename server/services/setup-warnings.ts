/**
 * @module What diagnostics warns about that no API call shows: a calendar (the organisation's, or a team's own)
 * about to run past the statutory holidays it knows. Each warning carries its text in Chinese and English.
 */
import type { CoreDeps } from '../deps';
import { kfAccounts } from '../db/schema/index';
import { calendarFor, hasOwnCalendar } from '../config/calendar';
import { holidaysUnknownWarnings, type HolidaysUnknownWarning } from '../../shared/calendar/index';

/** `team`: the 微信客服 account (open_kfid) whose own calendar it is; null for the organisation's. */
export type SetupWarning = HolidaysUnknownWarning & { team: string | null };

export function listSetupWarnings(d: Pick<CoreDeps, 'db' | 'clock'>): SetupWarning[] {
  const now = new Date(d.clock.now());
  const org = holidaysUnknownWarnings(calendarFor(d.db), now).map((w) => ({ ...w, team: null }));
  const teams = d.db.select().from(kfAccounts).all().filter((a) => hasOwnCalendar(d.db, a.openKfid))
    .flatMap((a) => holidaysUnknownWarnings(calendarFor(d.db, { team: a.openKfid }), now, a.name).map((w) => ({ ...w, team: a.openKfid })));
  return [...org, ...teams];
}
