/**
 * @module The pipeline's decision step for one new customer message (runs inside the storing transaction):
 * classify → facts → decide → record the decision (version + trace) → apply conversation state (mute,
 * tags, notices, transfer offer) → outbox intents for sends, transfers and alerts. Network happens later.
 */
import { eq } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import type { Store } from '../db/index';
import { conversations, decisions, messages } from '../db/schema/index';
import type { Conversation, Message } from '../db/schema/index';
import type { OutboxIntent } from '../pipeline/outbox-intent';
import type { OrgConfig } from './org-config';
import { buildFacts } from './facts';
import { toOutboxIntents, type PlanContext } from './actions';
import { decide, Settings, type Decision, type Facts } from '../../shared/engine/index';

export interface PlannerDeps extends Pick<CoreDeps, 'intent' | 'clock' | 'config' | 'log'> {
  org: OrgConfig;
  /** Arms a follow-up check ("if still unanswered after n seconds, run rule X") — durable timers. */
  armFollowUp?: (tx: Store, f: { conversation: Conversation; ruleId: string; dueAt: number }) => void;
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

export function createEnginePlanner(d: PlannerDeps) {
  return function planWithEngine(tx: Store, conversation: Conversation, message: Message): OutboxIntent[] {
    const t0 = performance.now();
    const timings: { step: string; ms: number }[] = [];
    const lap = (step: string) => timings.push({ step, ms: performance.now() - t0 });
    const now = d.clock.now();
    const { text, menuId } = messageText(message);
    const c = d.intent.classify(text);
    const classified = { intent: c.intent, confidence: c.confidence, emotion: c.emotion };
    tx.update(messages).set({ intent: c.intent, intentConfidence: c.confidence, emotion: c.emotion }).where(eq(messages.msgid, message.msgid)).run();
    lap('classified');

    const active = d.org.ruleSet(tx);
    const settings = Settings.parse(active.ruleSet.settings ?? {});
    const { facts, nextOpenText } = buildFacts({
      store: tx, calendar: d.org.getCalendar(tx), settings, conversation, message: { ...message, ...classified }, text, menuId, classified, now,
    });
    const decision = decide(facts, active.ruleSet, new Date(now));
    lap('decided');

    const ctx: PlanContext = { tx, d, conversation, facts, decision, nextOpenText, templates: d.org.templates(tx), now };
    const intents = toOutboxIntents(ctx);
    lap('planned');
    tx.insert(decisions).values({
      conversationId: conversation.id, causeMsgid: message.msgid, trigger: facts.message.isProbe ? 'probe' : 'message',
      ruleSetVersion: active.version, at: now, dryRun: decision.dryRun,
      actions: JSON.stringify(decision.actions), trace: JSON.stringify(decision.trace),
      facts: JSON.stringify({ ...decision.trace.facts, nextOpenAt: facts.time.nextOpenAt, nextOpenText }),
    }).run();
    tx.update(conversations).set({ mainIntent: c.intent === 'other' ? conversation.mainIntent : c.intent }).where(eq(conversations.id, conversation.id)).run();
    const extra = d.afterDecision?.(tx, { conversation, message, facts, decision, version: active.version, timings }) ?? [];
    return [...intents, ...extra];
  };
}
