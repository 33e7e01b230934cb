/** @module Service calendars (the organisation's, or a team's own): validated saves and CSV/ICS imports, audited. */
import type { CoreDeps } from '../deps';
import { SETTINGS } from '../config/catalogue';
import { calendarFor } from '../config/calendar';
import { deleteSetting, readOwnSetting, writeSetting } from '../config/settings';
import { parseScheduleCsv, parseScheduleIcs, type CalendarConfig } from '../../shared/calendar/index';
import { audit } from './audit';

type Ctx = Pick<CoreDeps, 'db' | 'clock'>;

/** Saves the organisation's calendar, or a team's own when `team` (an open_kfid) is given. */
export function saveCalendar({ ctx, input }: { ctx: Ctx; input: { config: unknown; by: string; team?: string } }): CalendarConfig {
  const now = ctx.clock.now();
  return ctx.db.transaction((tx) => {
    const before = readOwnSetting(tx, SETTINGS.calendar, input.team);
    const saved = writeSetting(tx, SETTINGS.calendar, input.config as CalendarConfig, { at: now, by: input.by, team: input.team });
    audit(tx, { at: now, actor: input.by, action: 'calendar.update', target: input.team ? `team:${input.team}` : 'org', before, after: saved });
    return saved;
  });
}

/** Merges a year's imported days (CSV or ICS) into the calendar; nothing is saved when any row is bad. */
export function importSchedule({ ctx, input }: { ctx: Ctx; input: { format: 'csv' | 'ics'; content: string; by: string; team?: string } }) {
  const result = input.format === 'csv' ? parseScheduleCsv(input.content) : parseScheduleIcs(input.content);
  if (!result.ok) return { imported: 0, errors: result.errors };
  const current = calendarFor(ctx.db, { team: input.team });
  const byDate = new Map(current.imported.map((d) => [d.date, d]));
  for (const d of result.days) byDate.set(d.date, d);
  const imported = [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
  saveCalendar({ ctx, input: { config: { ...current, imported }, by: input.by, team: input.team } });
  return { imported: result.days.length, errors: [] };
}

/** A team goes back to the organisation's calendar. */
export function dropTeamCalendar({ ctx, input }: { ctx: Ctx; input: { team: string; by: string } }): void {
  const now = ctx.clock.now();
  ctx.db.transaction((tx) => {
    const before = readOwnSetting(tx, SETTINGS.calendar, input.team);
    deleteSetting(tx, SETTINGS.calendar, input.team);
    audit(tx, { at: now, actor: input.by, action: 'calendar.team.reset', target: `team:${input.team}`, before });
  });
}
