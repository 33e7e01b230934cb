/**
 * @module Planning relays (synchronous, inside a transaction): one `relay_jobs` row per conversation to move,
 * with its ordered candidates, written before any WeCom call. The deterministic `key` makes a replay of the
 * same status change plan nothing new.
 */
import { and, eq } from 'drizzle-orm';
import type { Store } from '../db/index';
import { conversations, relayJobs } from '../db/schema/index';
import { relayCandidates } from '../duty/on-duty';
import { isNight, recordDiagnostic } from './diagnostics';
import { enqueueJob } from '../jobs/enqueue';
import { RELAY_JOB } from './kind';

/** The reason of the 90 s stage's move to the customer's dedicated manager (the customer is told who serves them). */
export const DEDICATED_MANAGER_REASON = 'unanswered: dedicated manager';

export interface PlanRelayInput {
  conversationId: number;
  fromUserid: string | null;
  reason: string;
  /** Dedupe key (e.g. `away:<userid>:<at>:<conversation>`). */
  key: string;
  now: number;
  /** Fixed candidate list (e.g. a dedicated manager first); default: the duty order. */
  candidates?: string[];
}

export function planRelay(store: Store, input: PlanRelayInput): boolean {
  const candidates = input.candidates ?? relayCandidates(store, input.now, input.fromUserid);
  const row = store.insert(relayJobs).values({
    key: input.key, conversationId: input.conversationId, fromUserid: input.fromUserid, reason: input.reason,
    candidates: JSON.stringify(candidates), night: isNight(store, input.now, input.conversationId), nextAttemptAt: input.now,
    createdAt: input.now, updatedAt: input.now,
  }).onConflictDoNothing().returning({ id: relayJobs.id }).get();
  if (row) {
    enqueueJob(store, RELAY_JOB, { relayJobId: row.id }, input.now, { key: `relay:${row.id}`, orderingKey: `relay:${input.conversationId}` });
    recordDiagnostic(store, {
      at: input.now, kind: 'relay', conversationId: input.conversationId, actor: input.fromUserid, reason: input.reason,
      result: 'planned', detail: { candidates },
    });
  }
  return row !== undefined;
}

/** Plans moving every open conversation (state 3) held by `userid`; returns how many were planned. */
export function planRelaysForAgent(store: Store, userid: string, reason: string, at: number): number {
  const open = store.select({ id: conversations.id }).from(conversations)
    .where(and(eq(conversations.serviceState, 3), eq(conversations.servicerUserid, userid))).all();
  // each conversation's candidates count the ones planned before it: the batch spreads over the least loaded
  const planned = new Map<string, number>();
  let n = 0;
  for (const c of open) {
    const candidates = relayCandidates(store, at, userid, planned);
    if (planRelay(store, { conversationId: c.id, fromUserid: userid, reason, key: `away:${userid}:${at}:${c.id}`, now: at, candidates })) {
      n++;
      if (candidates[0]) planned.set(candidates[0], (planned.get(candidates[0]) ?? 0) + 1);
    }
  }
  return n;
}

/** When `userid` returns: plans moving back the conversations relayed away from them that still sit with the taker. */
export function planReturnsForAgent(store: Store, userid: string, at: number): number {
  const moved = store.select({ conversationId: relayJobs.conversationId, toUserid: relayJobs.toUserid }).from(relayJobs)
    .innerJoin(conversations, eq(conversations.id, relayJobs.conversationId))
    .where(and(eq(relayJobs.fromUserid, userid), eq(relayJobs.status, 'done'), eq(conversations.serviceState, 3),
      eq(conversations.servicerUserid, relayJobs.toUserid))).all();
  let n = 0;
  for (const m of new Map(moved.map((x) => [x.conversationId, x])).values()) {
    if (planRelay(store, { conversationId: m.conversationId, fromUserid: m.toUserid, reason: `return_to:${userid}`, key: `return:${userid}:${at}:${m.conversationId}`, now: at, candidates: [userid] })) n++;
  }
  return n;
}
