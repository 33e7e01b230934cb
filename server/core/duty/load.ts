/**
 * @module How loaded each agent is, for assignment: the number of sessions an agent holds in WeCom state 3
 * (接待中) or is about to be given, and the per-agent cap (`assignment.maxSessionsPerAgent`). An agent at the
 * cap takes no new or relayed session; when every available agent is at it, the customer is told honestly that
 * everyone is busy (with an appointment link and an expected wait) — see `capacityNowIn`.
 */
import { and, count, eq, isNotNull, sql } from 'drizzle-orm';
import type { OutboxPayload } from '../pipeline/outbox-intent';
import { SETTINGS } from '../config/catalogue';
import { readSettingIn } from '../config/settings';
import { first, type Queries } from '../ports/queries';
import { reusableQuery } from '../ports/reusable-query';

/**
 * Sessions each agent holds now (state 3) plus those planned to go to them and not yet moved: a transfer waiting
 * in the outbox (WeCom is called after commit, and the session is recorded as theirs only once WeCom said yes)
 * and a relay whose next candidate they are. Without the planned ones, every message stored before the first
 * transfer completes would see the same free slots (a burst of 333 new customers gave 125 sessions to two
 * agents capped at 15 each). A planned move that fails frees its slot when its row stops being pending. Agents
 * without any are absent (0). Inside a transaction where others run at once (PostgreSQL), the read waits for any other
 * transaction that read loads to end, and holds them until this one ends: its planned moves are then seen.
 */
export async function sessionLoadsIn(q: Queries): Promise<Map<string, number>> {
  // transactions planning moves read loads one at a time: two at once would both see the same free slot
  await q.serialize?.(ASSIGNMENT);
  const loads = new Map<string, number>();
  const add = (u: string | null | undefined, holder: string | null, state: number | null) => {
    if (u && !(state === 3 && holder === u)) loads.set(u, (loads.get(u) ?? 0) + 1);
  };
  // numbers as numbers on either engine: a union's columns are decoded as its first part's (here none: PostgreSQL's come as text)
  for (const r of await loadParts(q, {})) {
    const state = r.state === null ? null : Number(r.state);
    if (r.part === 'held') loads.set(r.u!, (loads.get(r.u!) ?? 0) + Number(r.n));
    else if (r.part === 'transfer') {
      const p = JSON.parse(r.text!) as OutboxPayload;
      if (p.kind === 'service_state_trans' && p.serviceState === 3) add(p.servicerUserid, r.holder, state);
    } else add((JSON.parse(r.text!) as string[])[Number(r.next)], r.holder, state);
  }
  return loads;
}

/** `Queries.serialize`'s name for reading loads and planning moves by them. */
export const ASSIGNMENT = 'assignment';

/*
 * Read for every open-hours message (reusable: built once, see core/ports/reusable-query.ts): the loads' three parts
 * in one statement — `held` (an agent and the sessions they hold in state 3), `transfer` (a pending transfer's payload,
 * with its conversation's state and holder) and `relay` (a pending relay's candidates and next index, the same).
 */
const loadParts = reusableQuery('load_parts', [], ({ db, t: { conversations: c, outbox: o, relayJobs: r } }) => {
  // typed nulls: PostgreSQL resolves a union's column types pairwise, and an untyped null would make `next` text
  const noText = (name: string) => sql<string | null>`cast(null as text)`.as(name);
  const noNumber = (name: string) => sql<number | null>`cast(null as integer)`.as(name);
  return db.select({ part: sql<string>`'held'`.as('part'), u: c.servicerUserid, n: count(), text: noText('text'), next: noNumber('next'), state: noNumber('state'), holder: noText('holder') })
    .from(c).where(and(eq(c.serviceState, 3), isNotNull(c.servicerUserid))).groupBy(c.servicerUserid)
    .unionAll(db.select({ part: sql<string>`'transfer'`.as('part'), u: noText('u'), n: sql<number>`0`.as('n'), text: o.payload, next: noNumber('next'), state: c.serviceState, holder: c.servicerUserid })
      .from(o).innerJoin(c, eq(c.id, o.conversationId)).where(and(eq(o.status, 'pending'), eq(o.kind, 'service_state_trans'))))
    .unionAll(db.select({ part: sql<string>`'relay'`.as('part'), u: noText('u'), n: sql<number>`0`.as('n'), text: r.candidates, next: r.nextIndex, state: c.serviceState, holder: c.servicerUserid })
      .from(r).innerJoin(c, eq(c.id, r.conversationId)).where(eq(r.status, 'pending')));
});
const waitingInPool = reusableQuery('load_waiting_in_pool', [], ({ db, t: { conversations: c } }) =>
  db.select({ n: count() }).from(c).where(eq(c.serviceState, 2)));

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
  const waiting = (await first(waitingInPool(q, {})))?.n ?? 0;
  return { full: true, expectedWaitMinutes: Math.max(1, Math.ceil((sessionMinutes * (waiting + 1)) / available.length)) };
}
