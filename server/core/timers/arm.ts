/**
 * @module Arming and cancelling durable timers, inside the same transaction as the message that arms them (no
 * timer without its message, no message without its timer): `armTimerIn`/`cancelTimersIn` take the unit of
 * work's `Tx`. `key` dedupes among pending timers: arming an already-pending key changes nothing. Arming
 * enqueues the timer's job (due at its due time); cancelling cancels it.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../ports/unit-of-work';
import { reusableQuery } from '../ports/reusable-query';
import { enqueueJobIn } from '../jobs/enqueue';
import { TIMER_JOB, timerJobKey } from './kind';
import { addOpenTime, type CalendarConfig } from '../../../shared/calendar/index';

export type ArmTimerInput = {
  kind: string;
  key: string;
  conversationId?: number | null;
  payload?: Record<string, unknown>;
  /** Time of arming (from the injected clock). */
  now: number;
} & ({ dueAt: number } | { delayMs: number; respectCalendar?: false } | { delayMs: number; respectCalendar: true; calendar: CalendarConfig });

export interface ArmResult { armed: boolean; id: number | null; dueAt: number }

/** Due time of a delay; with `respectCalendar` only open hours of `calendar` count (null when it never opens). */
export function dueAtFor(input: ArmTimerInput): number | null {
  if ('dueAt' in input) return input.dueAt;
  if (!input.respectCalendar) return input.now + input.delayMs;
  return addOpenTime(input.calendar, new Date(input.now), input.delayMs)?.getTime() ?? null;
}

/* Armed for most customer messages (the escalation timers): built once (core/ports/reusable-query.ts). */
const insertTimer = reusableQuery('timers_insert', ['kind', 'key', 'conversationId', 'dueAt', 'payload', 'armedAt'], ({ db, t: { timers } }, p) =>
  db.insert(timers).values({ kind: p.kind, key: p.key, conversationId: p.conversationId, dueAt: p.dueAt, payload: p.payload, armedAt: p.armedAt })
    .onConflictDoNothing().returning({ id: timers.id }));

/** Arms a timer in a unit of work (either engine): the timer row and its job in the caller's transaction. */
export async function armTimerIn(tx: Tx, input: ArmTimerInput): Promise<ArmResult> {
  const dueAt = dueAtFor(input);
  if (dueAt === null) return { armed: false, id: null, dueAt: Number.NaN };
  const [row] = await insertTimer(tx, {
    kind: input.kind, key: input.key, conversationId: input.conversationId ?? null, dueAt, payload: JSON.stringify(input.payload ?? {}), armedAt: input.now,
  });
  if (!row) return { armed: false, id: null, dueAt };
  await enqueueJobIn(tx, TIMER_JOB.name, { timerId: row.id }, input.now, { key: timerJobKey(row.id), runAt: dueAt });
  return { armed: true, id: row.id, dueAt };
}

/** Cancels, in a unit of work (either engine), the pending timers of a conversation (of `kinds`) and their jobs. */
export async function cancelTimersIn(tx: Tx, input: { conversationId: number; kinds?: string[]; now: number; reason?: string }): Promise<number> {
  const { timers: t, jobs: j } = tx.t;
  const where = and(
    eq(t.conversationId, input.conversationId), eq(t.status, 'pending'),
    input.kinds && input.kinds.length > 0 ? inArray(t.kind, input.kinds) : undefined,
  );
  const keys = (await tx.db.select({ id: t.id }).from(t).where(where)).map((r) => timerJobKey(r.id));
  if (keys.length === 0) return 0;
  await tx.db.update(j).set({ status: 'cancelled', finishedAt: input.now, updatedAt: input.now })
    .where(and(eq(j.kind, TIMER_JOB.name), eq(j.status, 'pending'), inArray(j.key, keys)));
  return (await tx.db.update(t).set({ status: 'cancelled', firedAt: input.now, outcome: input.reason ?? 'cancelled' })
    .where(where).returning({ id: t.id })).length;
}
