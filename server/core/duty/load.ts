/**
 * @module How loaded each agent is, for assignment: the number of sessions an agent holds in WeCom state 3
 * (接待中), and the per-agent cap (`assignment.maxSessionsPerAgent`). An agent at the cap takes no new or
 * relayed session; when every available agent is at it, the customer is told honestly that everyone is busy
 * (with an appointment link and an expected wait) — see `capacityNowIn`.
 */
import { and, count, eq, isNotNull } from 'drizzle-orm';
import { SETTINGS } from '../config/catalogue';
import { readSettingIn } from '../config/settings';
import { first, type Queries } from '../ports/queries';

/** Sessions each agent holds now (state 3); agents without any are absent (0). */
export async function sessionLoadsIn(q: Queries): Promise<Map<string, number>> {
  const { conversations: c } = q.t;
  const rows = await q.db.select({ u: c.servicerUserid, n: count() }).from(c)
    .where(and(eq(c.serviceState, 3), isNotNull(c.servicerUserid)))
    .groupBy(c.servicerUserid);
  return new Map(rows.map((r) => [r.u!, r.n]));
}

export async function sessionCapIn(q: Queries): Promise<number> {
  return (await readSettingIn(q, SETTINGS.assignment)).maxSessionsPerAgent;
}

export interface Capacity {
  /** Every available agent is at the cap (there are available agents, and none can take one more session). */
  full: boolean;
  /** Honest estimate of the wait for a free agent, in minutes (null when not full). */
  expectedWaitMinutes: number | null;
}

/**
 * Whether the available agents (`available`, before the cap) are all at the cap, and if so roughly how long until
 * one frees a slot: the average session length spread over them, for the customers already waiting plus this one.
 */
export async function capacityNowIn(q: Queries, available: readonly string[]): Promise<Capacity> {
  if (available.length === 0) return { full: false, expectedWaitMinutes: null };
  const loads = await sessionLoadsIn(q);
  const { maxSessionsPerAgent: cap, sessionMinutes } = await readSettingIn(q, SETTINGS.assignment);
  if (available.some((u) => (loads.get(u) ?? 0) < cap)) return { full: false, expectedWaitMinutes: null };
  const { conversations: c } = q.t;
  const waiting = (await first(q.db.select({ n: count() }).from(c).where(eq(c.serviceState, 2))))?.n ?? 0;
  return { full: true, expectedWaitMinutes: Math.max(1, Math.ceil((sessionMinutes * (waiting + 1)) / available.length)) };
}
