/**
 * @module Service calendars (the organisation's, or a team's own): validated saves and CSV/ICS imports, audited.
 * Each verb is one unit of work (`ctx.shared.uow`, either engine) with its audit row.
 */
import type { CoreDeps } from '../../app/deps';
import type { Queries } from '../ports/queries';
import { SETTINGS } from '../config/catalogue';
import { deleteSettingIn, readOwnSettingIn, readSettingIn, writeSettingIn } from '../config/settings';
import { parseScheduleCsv, parseScheduleIcs, type CalendarConfig } from '../../../shared/calendar/index';
import { writeAudit } from './audit';

type Ctx = Pick<CoreDeps, 'clock'> & { shared: Pick<CoreDeps['shared'], 'uow'> };

async function saveIn(tx: Queries, now: number, input: { config: unknown; by: string; team?: string }): Promise<CalendarConfig> {
  const before = await readOwnSettingIn(tx, SETTINGS.calendar, input.team);
  const saved = await writeSettingIn(tx, SETTINGS.calendar, input.config as CalendarConfig, { at: now, by: input.by, team: input.team });
  await writeAudit(tx, { at: now, actor: input.by, action: 'calendar.update', target: input.team ? `team:${input.team}` : 'org', before, after: saved });
  return saved;
}

/** Saves the organisation's calendar, or a team's own when `team` (an open_kfid) is given. */
export function saveCalendar({ ctx, input }: { ctx: Ctx; input: { config: unknown; by: string; team?: string } }): Promise<CalendarConfig> {
  const now = ctx.clock.now();
  return ctx.shared.uow.run((tx) => saveIn(tx, now, input));
}

/** Merges a year's imported days (CSV or ICS) into the calendar; nothing is saved when any row is bad. */
export async function importSchedule({ ctx, input }: { ctx: Ctx; input: { format: 'csv' | 'ics'; content: string; by: string; team?: string } }) {
  const result = input.format === 'csv' ? parseScheduleCsv(input.content) : parseScheduleIcs(input.content);
  if (!result.ok) return { imported: 0, errors: result.errors };
  const now = ctx.clock.now();
  await ctx.shared.uow.run(async (tx) => {
    const current = await readSettingIn(tx, SETTINGS.calendar, input.team);
    const byDate = new Map(current.imported.map((d) => [d.date, d]));
    for (const d of result.days) byDate.set(d.date, d);
    const imported = [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
    await saveIn(tx, now, { config: { ...current, imported }, by: input.by, team: input.team });
  });
  return { imported: result.days.length, errors: [] };
}

/** A team goes back to the organisation's calendar. */
export async function dropTeamCalendar({ ctx, input }: { ctx: Ctx; input: { team: string; by: string } }): Promise<void> {
  const now = ctx.clock.now();
  await ctx.shared.uow.run(async (tx) => {
    const before = await readOwnSettingIn(tx, SETTINGS.calendar, input.team);
    await deleteSettingIn(tx, SETTINGS.calendar, input.team);
    await writeAudit(tx, { at: now, actor: input.by, action: 'calendar.team.reset', target: `team:${input.team}`, before });
  });
}
