/** @module The organisation's service calendar: validated saves and CSV/ICS imports, audited, cache dropped. */
import type { CoreDeps } from '../deps';
import { ValidationError } from '../errors';
import { eq } from 'drizzle-orm';
import { appSettings } from '../db/schema/index';
import { readSetting, SETTING, teamCalendarKey, writeSetting } from '../engine/org-config';
import { CalendarConfigSchema, parseScheduleCsv, parseScheduleIcs, type CalendarConfig } from '../../shared/calendar/index';
import { audit } from './audit';

type Ctx = Pick<CoreDeps, 'db' | 'clock' | 'org'>;

/** Saves the organisation's calendar, or a team's own when `team` (an open_kfid) is given. */
export function saveCalendar({ ctx, input }: { ctx: Ctx; input: { config: unknown; by: string; team?: string } }): CalendarConfig {
  const parsed = CalendarConfigSchema.safeParse(input.config);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    throw new ValidationError(`calendar is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  const now = ctx.clock.now();
  const key = input.team ? teamCalendarKey(input.team) : SETTING.calendar;
  ctx.db.transaction((tx) => {
    const before = readSetting(tx, key);
    writeSetting(tx, key, parsed.data, now, input.by);
    audit(tx, { at: now, actor: input.by, action: 'calendar.update', target: input.team ? `team:${input.team}` : 'org', before, after: parsed.data });
  });
  ctx.org.invalidate('calendar');
  return parsed.data;
}

/** Merges a year's imported days (CSV or ICS) into the calendar; nothing is saved when any row is bad. */
export function importSchedule({ ctx, input }: { ctx: Ctx; input: { format: 'csv' | 'ics'; content: string; by: string; team?: string } }) {
  const result = input.format === 'csv' ? parseScheduleCsv(input.content) : parseScheduleIcs(input.content);
  if (!result.ok) return { imported: 0, errors: result.errors };
  const current = ctx.org.getCalendar(ctx.db, input.team);
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
    const before = readSetting(tx, teamCalendarKey(input.team));
    tx.delete(appSettings).where(eq(appSettings.key, teamCalendarKey(input.team))).run();
    audit(tx, { at: now, actor: input.by, action: 'calendar.team.reset', target: `team:${input.team}`, before });
  });
  ctx.org.invalidate('calendar');
}
