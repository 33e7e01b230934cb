/**
 * @module The pipeline's decision step for one new customer message (runs inside the storing transaction):
 * classify → facts → decide → record the decision (version + trace) → apply conversation state (mute,
 * tags, notices, transfer offer) → outbox intents for sends, transfers and alerts. Network happens later.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { CoreDeps } from '../../app/deps';
import type { Tx } from '../ports/unit-of-work';
import { first } from '../ports/queries';
import { reusableQuery } from '../ports/reusable-query';
import type { Conversation, Message } from '../../adapters/db/sqlite/schema/index';
import type { OutboxIntent } from '../pipeline/outbox-intent';
import type { Classification, Planner } from '../pipeline/store';
import type { OrgConfig } from './org-config';
import { calendarForIn } from '../config/calendar';
import { buildFacts } from './facts';
import { classifyInbound } from '../intent/classify-inbound';
import { toOutboxIntents, type PlanContext } from './actions';
import { decide, Settings, type Decision, type Facts } from '../../../shared/engine/index';
import { packTrace } from '../../../shared/engine/stored-trace';
import { ORIGIN } from '../../../shared/domain/vocabulary';
import type { TimerHandler } from '../timers/durable-timers';

/* Written for every customer message (reusable: built once, see core/ports/reusable-query.ts). */
const insertDecision = reusableQuery('planner_insert_decision',
  ['conversationId', 'causeMsgid', 'trigger', 'ruleSetVersion', 'at', 'dryRun', 'actions', 'trace', 'facts'], ({ db, t }, p) =>
    db.insert(t.decisions).values({
      conversationId: p.conversationId, causeMsgid: p.causeMsgid, trigger: p.trigger, ruleSetVersion: p.ruleSetVersion, at: p.at,
      dryRun: p.dryRun, actions: p.actions, trace: p.trace, facts: p.facts,
    }).returning({ id: t.decisions.id }));
const recordClassification = reusableQuery('planner_record_classification', ['msgid', 'intent', 'confidence', 'emotion'], ({ db, t }, p) =>
  db.update(t.messages).set({ intent: sql`${p.intent}`, intentConfidence: sql`${p.confidence}`, emotion: sql`${p.emotion}` }).where(eq(t.messages.msgid, p.msgid)));

export interface PlannerDeps extends Pick<CoreDeps, 'intent' | 'clock' | 'config' | 'log'> {
  org: OrgConfig;
  /** Extra steps after a decision (probe reports, escalation timers …) — same transaction. */
  afterDecision?: (tx: Tx, ctx: DecisionContext) => Promise<OutboxIntent[]>;
}

export interface DecisionContext {
  conversation: Conversation;
  message: Message;
  facts: Facts;
  decision: Decision;
  version: string;
  timings: { step: string; ms: number }[];
}

function messageText(m: Pick<Message, 'msgtype' | 'content'>): { text: string; menuId?: string } {
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

/** A rule set's settings, parsed once per rule set (rule sets are cached per version and never change). */
const parsedSettings = new WeakMap<object, Settings>();
function settingsOf(ruleSet: { settings?: unknown }): Settings {
  let s = parsedSettings.get(ruleSet);
  if (!s) { s = Settings.parse(ruleSet.settings ?? {}); parsedSettings.set(ruleSet, s); }
  return s;
}

/** facts → decide → record → state + outbox intents, for a customer message or a follow-up check. */
async function runDecision(tx: Tx, d: PlannerDeps, conversation: Conversation, message: Message, o: RunOptions): Promise<OutboxIntent[]> {
  const now = d.clock.now();
  const { text, menuId } = messageText(message);
  const active = await d.org.ruleSetIn(tx);
  const settings = settingsOf(active.ruleSet);
  const calendar = await calendarForIn(tx, { conversation });
  const { facts, nextOpenText } = await buildFacts({
    q: tx, calendar, settings, conversation, message: { ...message, ...o.classified }, text, menuId,
    classified: o.classified, now,
  });
  const decision = decide(facts, active.ruleSet, new Date(now), o.followUpRuleId ? { followUpRuleId: o.followUpRuleId } : undefined);
  o.lap('decided');

  // a customer message's recognised intent becomes the conversation's main one (written with the decision's marks)
  const mainIntent = o.trigger === 'message' && o.classified.intent !== 'other' ? o.classified.intent : null;
  const ctx: PlanContext = { tx, d, conversation, facts, decision, nextOpenText, templates: await d.org.templatesIn(tx), settings, mainIntent, now };
  const intents = await toOutboxIntents(ctx);
  o.lap('planned');
  const [row] = await insertDecision(tx, {
    conversationId: conversation.id, causeMsgid: message.msgid, trigger: facts.message.isProbe ? 'probe' : o.trigger,
    ruleSetVersion: active.version, at: now, dryRun: decision.dryRun,
    actions: JSON.stringify(decision.actions), trace: JSON.stringify(packTrace(decision.trace)),
    facts: JSON.stringify({ ...decision.trace.facts, nextOpenAt: facts.time.nextOpenAt, nextOpenText }),
  });
  const stamped = intents.map((i) => ({ ...i, decisionId: row!.id }));
  if (o.trigger !== 'message') return stamped;
  const extra = await d.afterDecision?.(tx, { conversation, message, facts, decision, version: active.version, timings: o.timings }) ?? [];
  return [...stamped, ...extra];
}

/** Laps from now, or from `sinceMs` ago (a step timed before the stopwatch existed). */
function stopwatch(sinceMs = 0) {
  const t0 = performance.now() - sinceMs;
  const timings: { step: string; ms: number }[] = [];
  return { timings, lap: (step: string) => { timings.push({ step, ms: performance.now() - t0 }); } };
}

/**
 * The engine's planner for new customer messages, with its classifier (`Planner.classify`): given the classification
 * the store wrote with the message, it decides on it; otherwise it classifies and records the result itself.
 */
export function createEnginePlanner(d: PlannerDeps): Planner {
  const classify = async (tx: Tx, openKfid: string | null, message: Pick<Message, 'msgtype' | 'content'>): Promise<Classification> => {
    const t0 = performance.now();
    const c = await classifyInbound(tx, d, { ...messageText(message), openKfid });
    return { ...c, ms: performance.now() - t0 };
  };
  const planWithEngine = async (tx: Tx, conversation: Conversation, message: Message, stored?: Classification): Promise<OutboxIntent[]> => {
    const made = stored ?? await classify(tx, conversation.openKfid, message);
    const sw = stopwatch(made.ms);
    const classified = { intent: made.intent, confidence: made.confidence, emotion: made.emotion };
    if (!stored) await recordClassification(tx, { msgid: message.msgid, ...classified });
    sw.lap('classified');
    return runDecision(tx, d, conversation, message, { trigger: 'message', classified, ...sw });
  };
  return Object.assign(planWithEngine, { classify });
}

/**
 * The same customer message decided again, on the session state WeCom just reported (the first decision's
 * send or hand-over was refused). The caller enqueues the intents under a cause of their own.
 */
export function redecide(d: PlannerDeps, tx: Tx, conversation: Conversation, message: Message): Promise<OutboxIntent[]> {
  const classified = { intent: message.intent ?? 'other', confidence: message.intentConfidence ?? 0, emotion: message.emotion ?? 0 };
  return runDecision(tx, d, conversation, message, { trigger: 'redecide', classified, ...stopwatch() });
}

/**
 * A `follow_up` action's timer firing: if a human replied since it was armed the check ends quietly; otherwise
 * the named rule runs against the latest customer message, and its sends go out through the outbox.
 */
export function followUpTimerHandler(d: PlannerDeps, enqueueFor: (tx: Tx, conversationId: number, cause: string, intents: OutboxIntent[], now: number) => Promise<number>): TimerHandler {
  return async (tx, timer) => {
    const { conversations, messages } = tx.t;
    const conv = timer.conversationId == null ? undefined
      : await first(tx.db.select().from(conversations).where(eq(conversations.id, timer.conversationId)).limit(1));
    if (!conv) return 'conversation gone';
    const armedAt = Number(timer.payload.armedAt ?? 0);
    if ((conv.lastHumanAt ?? 0) >= armedAt) return 'answered by a human: nothing to do';
    const last = await first(tx.db.select().from(messages).where(and(eq(messages.conversationId, conv.id), eq(messages.origin, ORIGIN.customer)))
      .orderBy(desc(messages.sendTime), desc(messages.receivedAt)).limit(1));
    if (!last) return 'no customer message';
    const classified = { intent: last.intent ?? 'other', confidence: last.intentConfidence ?? 0, emotion: last.emotion ?? 0 };
    const intents = await runDecision(tx, d, conv, last, { trigger: 'follow_up', followUpRuleId: String(timer.payload.ruleId), classified, ...stopwatch() });
    const added = await enqueueFor(tx, conv.id, `fu${timer.id}`, intents, d.clock.now());
    return `ran ${String(timer.payload.ruleId)}: ${added} outbox row(s)`;
  };
}
