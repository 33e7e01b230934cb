/**
 * @module Arming and cancelling escalation timers from the inbound pipeline. `armEscalations` runs inside the
 * storing transaction for each new customer message (origin 3); `cancelEscalations` on a human reply
 * (origin 5). Both are synchronous; the scheduler is poked after the transaction (microtask).
 */
import type { Clock } from '../clock';
import type { Store } from '../db/index';
import type { Conversation, Message } from '../db/schema/index';
import { ORIGIN } from '../../shared/domain/vocabulary';
import { armTimer, cancelTimers } from '../timers/arm';
import { loadEscalationSettings } from '../duty/settings';

export const ESC_UNANSWERED = 'esc.unanswered';
export const ESC_SILENCE = 'esc.silence';
export const ESCALATION_KINDS = [ESC_UNANSWERED, ESC_SILENCE];

export interface EscalationDeps { clock: Clock; scheduler?: { poke(): void } | undefined }

export function armEscalations(tx: Store, deps: EscalationDeps, conversation: Conversation, message: Message): number {
  if (message.origin !== ORIGIN.customer) return 0;
  const s = loadEscalationSettings(tx);
  if (!s.enabled) return 0;
  const now = deps.clock.now();
  const payload = { customerAt: message.sendTime * 1000, msgid: message.msgid };
  const common = { conversationId: conversation.id, payload, now, respectCalendar: s.respectCalendar };
  let armed = 0;
  if (armTimer(tx, { ...common, kind: ESC_UNANSWERED, key: `${ESC_UNANSWERED}:${conversation.id}`, delayMs: s.unansweredMs }).armed) armed++;
  if (armTimer(tx, { ...common, kind: ESC_SILENCE, key: `${ESC_SILENCE}:${conversation.id}`, delayMs: s.silenceMs }).armed) armed++;
  if (armed > 0 && deps.scheduler) { const sch = deps.scheduler; queueMicrotask(() => sch.poke()); }
  return armed;
}

export function cancelEscalations(tx: Store, deps: Pick<EscalationDeps, 'clock'>, conversationId: number): number {
  return cancelTimers(tx, { conversationId, kinds: ESCALATION_KINDS, now: deps.clock.now(), reason: 'human replied' });
}
