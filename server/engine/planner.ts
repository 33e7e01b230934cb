/**
 * @module The pipeline's decision step for one new customer message (runs inside the storing transaction):
 * classify → facts → decide → record the decision (version + trace) → apply conversation state (mute,
 * tags, notices, transfer offer) → outbox intents for sends, transfers and alerts. Network happens later.
 */
import { and, desc, eq } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import type { Store } from '../db/index';
import { conversations, decisions, messages } from '../db/schema/index';
import type { Conversation, Message } from '../db/schema/index';
import type { OutboxIntent } from '../pipeline/outbox-intent';
import type { OrgConfig } from './org-config';
import { calendarFor } from '../config/calendar';
import { buildFacts } from './facts';
import { classifyInbound } from '../intent/classify-inbound';
import { toOutboxIntents, type PlanContext } from './actions';
import { decide, Settings, type Decision, type Facts } from '../../shared/engine/index';
import { ORIGIN } from '../../shared/domain/vocabulary';

export interface PlannerDeps extends Pick<CoreDeps, 'intent' | 'clock' | 'config' | 'log'> {
  org: OrgConfig;
  /** A durable timer was armed in the transaction (wake the scheduler for an earlier due time). */
  onTimerArmed?: () => void;
  /** A duty-manager alert was queued in the transaction (drain the alert queue after commit). */
  onAlertQueued?: () => void;
  /** Extra steps after a decision (probe reports, escalation timers …) — same transaction. */
  afterDecision?: (tx: Store, ctx: DecisionContext) => OutboxIntent[];
}

export interface DecisionContext {
  conversation: Conversation;
  message: Message;
  facts: Facts;
  decision: Decision;
  version: string;
  timings: { step: string; ms: number }[];
}

function messageText(m: Message): { text: string; menuId?: string } {
  if (m.msgtype !== 'text') return { text: '' };
  const c = JSON.parse(m.content) as { content?: string; menu_id?: string };
  return { text: c.content ?? '', menuId: c.menu_id };
}

interface RunOptions {
  /** `redecide`: the same message decided again after WeCom refused what the first decision planned. */
  trigger: 'message' | 'follow_up' | 'redecide';
  followUpRuleId?: string;
  classified: { intent: string; confidence: number; emotion: number };
  timings: { step: string; ms: number }[];
  lap: (step: string) => void;
}

/** facts → decide → record → state + outbox intents, for a customer message or a follow-up check. */
function runDecision(tx: Store, d: PlannerDeps, conversation: Conversation, message: Message, o: RunOptions): OutboxIntent[] {
  const now = d.clock.now();
  const { text, menuId } = messageText(message);
  const active = d.org.ruleSet(tx);
  const settings = Settings.parse(active.ruleSet.settings ?? {});
  const { facts, nextOpenText } = buildFacts({
    store: tx, calendar: calendarFor(tx, { conversation }), settings, conversation, message: { ...message, ...o.classified }, text, menuId,
    classified: o.classified, now,
  });
  const decision = decide(facts, active.ruleSet, new Date(now), o.followUpRuleId ? { followUpRuleId: o.followUpRuleId } : undefined);
  o.lap('decided');

  const ctx: PlanContext = { tx, d, conversation, facts, decision, nextOpenText, templates: d.org.templates(tx), settings, now };
  const intents = toOutboxIntents(ctx);
  o.lap('planned');
  const row = tx.insert(decisions).values({
    conversationId: conversation.id, causeMsgid: message.msgid, trigger: facts.message.isProbe ? 'probe' : o.trigger,
    ruleSetVersion: active.version, at: now, dryRun: decision.dryRun,
    actions: JSON.stringify(decision.actions), trace: JSON.stringify(decision.trace),
    facts: JSON.stringify({ ...decision.trace.facts, nextOpenAt: facts.time.nextOpenAt, nextOpenText }),
  }).returning({ id: decisions.id }).get();
  const stamped = intents.map((i) => ({ ...i, decisionId: row.id }));
  if (o.trigger !== 'message') return stamped;
  const extra = d.afterDecision?.(tx, { conversation, message, facts, decision, version: active.version, timings: o.timings }) ?? [];
  return [...stamped, ...extra];
}

function stopwatch() {
  const t0 = performance.now();
  const timings: { step: string; ms: number }[] = [];
  return { timings, lap: (step: string) => { timings.push({ step, ms: performance.now() - t0 }); } };
}

export function createEnginePlanner(d: PlannerDeps) {
  return function planWithEngine(tx: Store, conversation: Conversation, message: Message): OutboxIntent[] {
    const sw = stopwatch();
    const classified = classifyInbound(tx, d, { ...messageText(message), openKfid: conversation.openKfid });
    tx.update(messages).set({ intent: classified.intent, intentConfidence: classified.confidence, emotion: classified.emotion }).where(eq(messages.msgid, message.msgid)).run();
    tx.update(conversations).set({ mainIntent: classified.intent === 'other' ? conversation.mainIntent : classified.intent }).where(eq(conversations.id, conversation.id)).run();
    sw.lap('classified');
    return runDecision(tx, d, conversation, message, { trigger: 'message', classified, ...sw });
  };
}

/**
 * The same customer message decided again, on the session state WeCom just reported (the first decision's
 * send or hand-over was refused). The caller enqueues the intents under a cause of their own.
 */
export function redecide(d: PlannerDeps, tx: Store, conversation: Conversation, message: Message): OutboxIntent[] {
  const classified = { intent: message.intent ?? 'other', confidence: message.intentConfidence ?? 0, emotion: message.emotion ?? 0 };
  return runDecision(tx, d, conversation, message, { trigger: 'redecide', classified, ...stopwatch() });
}

/**
 * A `follow_up` action's timer firing: if a human replied since it was armed the check ends quietly; otherwise
 * the named rule runs against the latest customer message, and its sends go out through the outbox.
 */
export function followUpTimerHandler(d: PlannerDeps, enqueueFor: (tx: Store, conversationId: number, cause: string, intents: OutboxIntent[], now: number) => number) {
  return (tx: Store, timer: { id: number; conversationId: number | null; payload: Record<string, unknown> }): string => {
    const conv = timer.conversationId == null ? undefined : tx.select().from(conversations).where(eq(conversations.id, timer.conversationId)).get();
    if (!conv) return 'conversation gone';
    const armedAt = Number(timer.payload.armedAt ?? 0);
    if ((conv.lastHumanAt ?? 0) >= armedAt) return 'answered by a human: nothing to do';
    const last = tx.select().from(messages).where(and(eq(messages.conversationId, conv.id), eq(messages.origin, ORIGIN.customer)))
      .orderBy(desc(messages.sendTime), desc(messages.receivedAt)).limit(1).get();
    if (!last) return 'no customer message';
    const classified = { intent: last.intent ?? 'other', confidence: last.intentConfidence ?? 0, emotion: last.emotion ?? 0 };
    const intents = runDecision(tx, d, conv, last, { trigger: 'follow_up', followUpRuleId: String(timer.payload.ruleId), classified, ...stopwatch() });
    const added = enqueueFor(tx, conv.id, `fu${timer.id}`, intents, d.clock.now());
    return `ran ${String(timer.payload.ruleId)}: ${added} outbox row(s)`;
  };
}
