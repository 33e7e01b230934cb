/**
 * @module The signed-in agent's own status for the sidebar: read it, set it by hand with a duration
 * (30 min, 1 h, until tomorrow 09:00 in the org zone) and list today's changes (org-zone day). The reads take the
 * queries of a read (either engine); the change itself is `setAgentStatus` (its own unit of work).
 */
import { and, asc, eq, gte } from 'drizzle-orm';
import { z } from 'zod';
import type { CoreDeps } from '../../app/deps';
import { first, type Queries } from '../ports/queries';
import { NotFoundError } from '../errors';
import type { MyStatus } from '../../../shared/domain/sidebar';
import { setAgentStatus } from './set-agent-status';
import { loadOrgCalendar } from './sidebar-org';
import { addDays, localParts, zonedInstant, type CalendarConfig } from '../../../shared/calendar/index';

export const StatusDuration = z.enum(['30m', '1h', 'tomorrow']);
export type StatusDuration = z.infer<typeof StatusDuration>;
export const SetMyStatus = z.object({
  status: z.enum(['online', 'busy', 'dnd', 'moon']),
  duration: StatusDuration.nullable().optional(),
});
export type SetMyStatus = z.infer<typeof SetMyStatus>;

export const TOMORROW_MINUTE = 9 * 60;

/** When a manual status with `duration` set at `at` ends (epoch ms). */
export function untilFor(duration: StatusDuration, at: number, timeZone: string): number {
  if (duration === '30m') return at + 30 * 60_000;
  if (duration === '1h') return at + 60 * 60_000;
  return zonedInstant(addDays(localParts(at, timeZone).date, 1), TOMORROW_MINUTE, timeZone);
}

export async function myStatus(q: Queries, userid: string): Promise<MyStatus> {
  const a = await first(q.db.select().from(q.t.agents).where(eq(q.t.agents.userid, userid)).limit(1));
  if (!a) throw new NotFoundError(`agent ${userid}`);
  return {
    userid: a.userid, name: a.name, status: a.status, source: a.statusSource, until: a.statusUntil, changedAt: a.statusChangedAt,
    timeZone: (await loadOrgCalendar(q)).timeZone,
  } satisfies MyStatus;
}

/** Sets the status by hand (committed by `setAgentStatus`), then reads it back. */
export async function setMyStatus(d: Pick<CoreDeps, 'clock' | 'events' | 'shared'>, cal: CalendarConfig, userid: string, input: SetMyStatus) {
  const at = d.clock.now();
  const until = input.duration && input.status !== 'online' ? untilFor(input.duration, at, cal.timeZone) : null;
  // one instant for the change and its `until` (the service reads the clock itself)
  await setAgentStatus({ ctx: { ...d, clock: { now: () => at } }, input: { userid, status: input.status, source: 'manual', until, reason: input.duration ? `sidebar ${input.duration}` : 'sidebar' } });
  return d.shared.uow.read((q) => myStatus(q, userid));
}

/** Today's status changes of `userid` (since local midnight in the org zone), oldest first. */
export async function myHistoryToday(q: Queries, now: number, cal: CalendarConfig, userid: string) {
  const since = zonedInstant(localParts(now, cal.timeZone).date, 0, cal.timeZone);
  const h = q.t.agentStatusHistory;
  const rows = await q.db.select().from(h)
    .where(and(eq(h.userid, userid), gte(h.at, since)))
    .orderBy(asc(h.at), asc(h.id));
  return { since, items: rows.map((r) => ({ id: r.id, from: r.fromStatus, to: r.toStatus, source: r.source, until: r.until, at: r.at })) };
}
