/**
 * @module Planning relays (in the caller's unit of work): one `relay_jobs` row per conversation to move, with its
 * ordered candidates, written before any WeCom call, and its `relay.move` job. The deterministic `key` makes a
 * replay of the same status change plan nothing new.
 */
import { and, eq } from 'drizzle-orm';
import type { CoreDeps } from '../../app/deps';
import type { Tx } from '../ports/unit-of-work';
import { relayCandidatesIn } from '../duty/on-duty';
import { isNightIn, recordDiagnosticIn } from './diagnostics';
import { enqueueJobIn } from '../jobs/enqueue';
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

const jobOptions = (id: number, conversationId: number) => ({ key: `relay:${id}`, orderingKey: `relay:${conversationId}` });

/**
 * Plans one relay with its job in `tx` (either engine); false when this key was planned already. The candidates
 * are the caller's (every caller reads them from duty: the duty order, or a dedicated manager first).
 */
export async function planRelayIn(tx: Tx, input: PlanRelayInput & { candidates: string[] }): Promise<boolean> {
  const { candidates } = input;
  const [row] = await tx.db.insert(tx.t.relayJobs).values({
    key: input.key, conversationId: input.conversationId, fromUserid: input.fromUserid, reason: input.reason,
    candidates: JSON.stringify(candidates), night: await isNightIn(tx, input.now, input.conversationId), nextAttemptAt: input.now,
    createdAt: input.now, updatedAt: input.now,
  }).onConflictDoNothing().returning({ id: tx.t.relayJobs.id });
  if (row) {
    await enqueueJobIn(tx, RELAY_JOB, { relayJobId: row.id }, input.now, jobOptions(row.id, input.conversationId));
    await recordDiagnosticIn(tx, {
      at: input.now, kind: 'relay', conversationId: input.conversationId, actor: input.fromUserid, reason: input.reason,
      result: 'planned', detail: { candidates },
    });
  }
  return row !== undefined;
}

/** Plans moving every open conversation (state 3) held by `userid`; returns how many were planned. */
export async function planRelaysForAgent(tx: Tx, d: Pick<CoreDeps, 'db'>, userid: string, reason: string, at: number): Promise<number> {
  const { conversations } = tx.t;
  const open = await tx.db.select({ id: conversations.id }).from(conversations)
    .where(and(eq(conversations.serviceState, 3), eq(conversations.servicerUserid, userid)));
  // each conversation's candidates count the relays planned before it (pending relays are load): the batch
  // spreads over the least loaded
  let n = 0;
  for (const c of open) {
    const candidates = await relayCandidatesIn(tx, at, userid);
    if (await planRelayIn(tx, { conversationId: c.id, fromUserid: userid, reason, key: `away:${userid}:${at}:${c.id}`, now: at, candidates })) n++;
  }
  return n;
}

/** When `userid` returns: plans moving back the conversations relayed away from them that still sit with the taker. */
export async function planReturnsForAgent(tx: Tx, userid: string, at: number): Promise<number> {
  const { conversations, relayJobs: jobs } = tx.t;
  const moved = await tx.db.select({ conversationId: jobs.conversationId, toUserid: jobs.toUserid }).from(jobs)
    .innerJoin(conversations, eq(conversations.id, jobs.conversationId))
    .where(and(eq(jobs.fromUserid, userid), eq(jobs.status, 'done'), eq(conversations.serviceState, 3),
      eq(conversations.servicerUserid, jobs.toUserid)));
  let n = 0;
  for (const m of new Map(moved.map((x) => [x.conversationId, x])).values()) {
    if (await planRelayIn(tx, { conversationId: m.conversationId, fromUserid: m.toUserid, reason: `return_to:${userid}`, key: `return:${userid}:${at}:${m.conversationId}`, now: at, candidates: [userid] })) n++;
  }
  return n;
}
