/**
 * @module The engine's follow-up check as a durable timer: its kind and how a decision arms it. Shared by the
 * actions (which arm it) and the planner (whose handler runs it), so neither imports the other.
 */
import type { Tx } from '../ports/unit-of-work';
import type { Conversation } from '../../adapters/db/sqlite/schema/index';
import { armTimerIn } from '../timers/arm';

export const FOLLOW_UP_TIMER = 'engine.follow_up';

/** Arms a follow-up check for `ruleId` at `dueAt` (same transaction as the decision that planned it). */
export async function armFollowUpTimer(tx: Tx, f: { conversation: Conversation; ruleId: string; dueAt: number; now: number }): Promise<void> {
  await armTimerIn(tx, {
    kind: FOLLOW_UP_TIMER, key: `fu:${f.conversation.id}:${f.ruleId}`, conversationId: f.conversation.id,
    payload: { ruleId: f.ruleId, armedAt: f.now }, dueAt: f.dueAt, now: f.now,
  });
}
