/**
 * @module The engine's follow-up check as a durable timer: its kind and how a decision arms it. Shared by the
 * actions (which arm it) and the planner (whose handler runs it), so neither imports the other.
 */
import type { Store } from '../db/index';
import type { Conversation } from '../db/schema/index';
import { armTimer } from '../timers/arm';

export const FOLLOW_UP_TIMER = 'engine.follow_up';

/** Arms a follow-up check for `ruleId` at `dueAt` (same transaction as the decision that planned it). */
export function armFollowUpTimer(tx: Store, f: { conversation: Conversation; ruleId: string; dueAt: number; now: number }): void {
  armTimer(tx, {
    kind: FOLLOW_UP_TIMER, key: `fu:${f.conversation.id}:${f.ruleId}`, conversationId: f.conversation.id,
    payload: { ruleId: f.ruleId, armedAt: f.now }, dueAt: f.dueAt, now: f.now,
  });
}
