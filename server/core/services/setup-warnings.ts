/**
 * @module What diagnostics warns about that no API call shows — the one list: a calendar (the organisation's, or a
 * team's own) about to run past the statutory holidays it knows, and a 微信客服 account whose console 欢迎语 silences
 * Moonshift's welcome. Each warning carries its text in Chinese and English.
 */
import type { CoreDeps } from '../../app/deps';
import type { Queries } from '../ports/queries';
import { calendarForIn, hasOwnCalendarIn } from '../config/calendar';
import { holidaysUnknownWarnings } from '../../../shared/calendar/index';
import { nativeWelcomeWarnings } from '../doctor/warnings';

/**
 * `team`: the 微信客服 account (open_kfid) it concerns, null for the organisation's calendar; `year`, `wrongFrom` and
 * `started` only for unknown holidays (the year, its 1 January, and whether that day has come).
 */
export interface SetupWarning {
  code: 'holidays_unknown' | 'native_welcome';
  team: string | null;
  year: number | null;
  wrongFrom: string | null;
  started: boolean;
  zh: string;
  en: string;
}

/** Every warning, read through `q`: the organisation's calendar, then each team's own, then the native 欢迎语. */
export async function listSetupWarnings(q: Queries, d: Pick<CoreDeps, 'clock'>): Promise<SetupWarning[]> {
  const now = new Date(d.clock.now());
  const org = holidaysUnknownWarnings(await calendarForIn(q), now).map((w) => ({ ...w, team: null }));
  const teams: (Omit<SetupWarning, 'team'> & { team: string })[] = [];
  for (const a of await q.db.select().from(q.t.kfAccounts)) {
    if (!(await hasOwnCalendarIn(q, a.openKfid))) continue;
    teams.push(...holidaysUnknownWarnings(await calendarForIn(q, { team: a.openKfid }), now, a.name).map((w) => ({ ...w, team: a.openKfid })));
  }
  const welcome = (await nativeWelcomeWarnings(q, now.getTime())).map((w) => ({ ...w, year: null, wrongFrom: null, started: true }));
  return [...org, ...teams, ...welcome];
}
