/**
 * @module Arming and cancelling escalation timers from the inbound pipeline. `armEscalations` runs inside the
 * storing transaction for each new customer message (origin 3); `cancelEscalations` on a human reply
 * (origin 5). Both join the caller's unit of work; the timer jobs they make are told to the job runner by their enqueue.
 * One timer per message: the 90 s stage arms the 10 min stage when it fires unanswered (measured from the
 * same customer message), which halves the per-message arming cost (timers.bench.ts).
 */
import { loadEscalationSensitivity, sensitiveDelay } from '../services/escalation-sensitivity';
import type { Clock } from '../../app/clock';
import type { Conversation, Message } from '../../adapters/db/sqlite/schema/index';
import type { Queries } from '../ports/queries';
import type { Tx } from '../ports/unit-of-work';
import { ORIGIN } from '../../../shared/domain/vocabulary';
import { armTimerIn, cancelTimersIn, dueAtFor, type ArmTimerInput } from '../timers/arm';
import { SETTINGS, type EscalationSettings } from '../config/catalogue';
import { calendarForIn, type CalendarSubject } from '../config/calendar';
import { readSettingIn } from '../config/settings';

export const ESC_UNANSWERED = 'esc.unanswered';
export const ESC_SILENCE = 'esc.silence';
export const ESCALATION_KINDS = [ESC_UNANSWERED, ESC_SILENCE];

export interface EscalationDeps {
  clock: Clock;
}

/** A delay as the timers count it: wall time, or only the conversation's team's open hours (`respectCalendar`). */
async function delayIn(q: Queries, s: EscalationSettings, whose: CalendarSubject, delayMs: number) {
  return s.respectCalendar ? { delayMs, respectCalendar: true as const, calendar: await calendarForIn(q, whose) } : { delayMs };
}

/** The escalation timers a customer message arms (the probe reports them without arming). */
export async function plannedEscalations(
  q: Queries, conversation: Conversation, message: Message, now: number,
): Promise<ArmTimerInput[]> {
  if (message.origin !== ORIGIN.customer) return [];
  const s = await readSettingIn(q, SETTINGS.escalation);
  if (!s.enabled) return [];
  const payload = { customerAt: message.sendTime * 1000, msgid: message.msgid };
  const common = { conversationId: conversation.id, payload, now };
  const whose = { conversation };
  // the dashboard's accepted sensitivity (busiest hours in the organisation's zone) shortens the first stage
  const sensitivity = await loadEscalationSensitivity(q);
  const unansweredMs = sensitiveDelay(s.unansweredMs, now, (await calendarForIn(q)).timeZone, sensitivity);
  const out: ArmTimerInput[] = [{ ...common, kind: ESC_UNANSWERED, key: `${ESC_UNANSWERED}:${conversation.id}`, ...await delayIn(q, s, whose, unansweredMs) }];
  // Only when the silence stage is not later than the first one does it need its own timer now.
  if (s.silenceMs <= s.unansweredMs) out.push({ ...common, kind: ESC_SILENCE, key: `${ESC_SILENCE}:${conversation.id}`, ...await delayIn(q, s, whose, s.silenceMs) });
  return out;
}

export async function armEscalations(tx: Tx, deps: EscalationDeps, conversation: Conversation, message: Message): Promise<number> {
  let armed = 0;
  for (const t of await plannedEscalations(tx, conversation, message, deps.clock.now())) if ((await armTimerIn(tx, t)).armed) armed++;
  return armed;
}

/** The second stage, armed by the first when it fired unanswered: due `silenceMs` after the customer message. */
export async function armSilenceStageIn(tx: Tx, conversationId: number, payload: Record<string, unknown>, now: number): Promise<boolean> {
  const s = await readSettingIn(tx, SETTINGS.escalation);
  if (s.silenceMs <= s.unansweredMs) return false;
  const customerAt = Number(payload.customerAt ?? now);
  const dueAt = dueAtFor({ kind: ESC_SILENCE, key: '', now: customerAt, ...await delayIn(tx, s, { conversationId }, s.silenceMs) }) ?? now;
  return (await armTimerIn(tx, { kind: ESC_SILENCE, key: `${ESC_SILENCE}:${conversationId}`, conversationId, payload, dueAt: Math.max(dueAt, now), now })).armed;
}

export function cancelEscalations(tx: Tx, deps: Pick<EscalationDeps, 'clock'>, conversationId: number): Promise<number> {
  return cancelTimersIn(tx, { conversationId, kinds: ESCALATION_KINDS, now: deps.clock.now(), reason: 'human replied' });
}
