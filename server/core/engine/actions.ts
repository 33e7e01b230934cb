/**
 * @module Turns the engine's planned actions into conversation state and outbox intents, in the order WeCom
 * needs them: the bot's sends while it has the session (0/1), then a hand-over, then the notice that goes with
 * it through the hand-over's msg_code — so "正在为您转接…" reaches the customer only once a person who can
 * receive has the session. Nothing is sent for a dry run (probe), into the pool, to a person's session or an
 * ended one (WeCom refuses them with 95018); a session held by someone who is away is handed on (`handover.ts`).
 * Each skip is written into the trace. Sends are snapshotted templates rendered at send time.
 */
import { eq, sql } from 'drizzle-orm';
import { reusableQuery } from '../ports/reusable-query';
import type { Tx } from '../ports/unit-of-work';
import type { Conversation } from '../../adapters/db/sqlite/schema/index';
import type { OutboxIntent } from '../pipeline/outbox-intent';
import type { PlannerDeps } from './planner';
import { appointmentLink } from '../appointments/link';
import { alertFactsIn, queueManagerAlertIn, ruleAlertKind } from '../alerts/queue';
import { armFollowUpTimer } from './follow-up';
import { withBackupLine } from './backup-line';
import { awayHandover, heldByAway, templateById } from './handover';
import type { Settings, Decision, Facts, PlannedAction } from '../../../shared/engine/index';
import { faqEntryIn, faqTemplate, recordFaqEventIn } from '../faq/entries';
import { SEND_TYPES, resolveTemplate, varsFromFacts } from '../../../shared/engine/index';
import type { Template, TemplateVars } from '../../../shared/templates/index';

/* Written for every customer message (reusable: built once, see core/ports/reusable-query.ts). */
const recordConversationMarks = reusableQuery('actions_conversation_marks', ['id', 'mutedUntil', 'tags', 'transferOfferSentAt', 'noticesSent', 'mainIntent', 'now'], ({ db, t: { conversations: c } }, p) =>
  db.update(c).set({
    mutedUntil: sql`${p.mutedUntil}`, tags: sql`${p.tags}`, transferOfferSentAt: sql`${p.transferOfferSentAt}`, noticesSent: sql`${p.noticesSent}`,
    mainIntent: sql`coalesce(${p.mainIntent}, ${c.mainIntent})`, updatedAt: sql`${p.now}`,
  }).where(eq(c.id, p.id)));

export interface PlanContext {
  tx: Tx;
  d: PlannerDeps;
  conversation: Conversation;
  facts: Facts;
  decision: Decision;
  nextOpenText: string | null;
  templates: Template[];
  /** The active rule set's settings (which template kinds promise a human). */
  settings: Settings;
  /** The conversation's main intent from now on (a customer message's recognised intent); null keeps it. */
  mainIntent?: string | null;
  now: number;
}

const SENDS = new Set<string>(SEND_TYPES);
const NOTICES_KEPT = 20;
const STATE_SKIP: Record<number, string> = {
  2: 'waiting in the pool (state 2): WeCom refuses API sends',
  3: 'a human has the session (state 3): WeCom refuses API sends',
  4: 'the session has ended (state 4): WeCom refuses API sends',
};

function skip(ctx: PlanContext, a: PlannedAction, reason: string): void {
  ctx.decision.trace.actions.push({ ruleId: a.ruleId, type: a.type, status: 'suppressed', reason });
}

function note(ctx: PlanContext, type: string, detail: string, userid: string | null): void {
  ctx.decision.trace.actions.push({ ruleId: '@session', type, status: 'planned', detail, userid });
}

/** The matched FAQ entry as the reply, its use recorded (button or free text). */
async function faqAnswer(ctx: PlanContext): Promise<Template | null> {
  const f = ctx.facts.faq;
  const entry = f?.matched && f.entryId != null ? await faqEntryIn(ctx.tx, f.entryId) : undefined;
  if (!f || !entry) return null;
  await recordFaqEventIn(ctx.tx, { at: ctx.now, openKfid: ctx.conversation.openKfid, conversationId: ctx.conversation.id, entryId: entry.id, via: f.via, text: ctx.facts.message.text, score: f.score });
  return faqTemplate(entry);
}

/** Intents that are no question an FAQ entry could answer (an unrecognised one may well be: it is recorded). */
const NOT_QUESTIONS = new Set(['greeting', 'thanks']);

/** A customer's free-text question that no FAQ entry answered: recorded for the admin (which entries are missing). */
async function recordFaqMiss(ctx: PlanContext): Promise<void> {
  const { facts, decision } = ctx;
  if (decision.dryRun || !facts.faq || facts.faq.matched || facts.message.menuId || facts.message.msgtype !== 'text') return;
  if (NOT_QUESTIONS.has(facts.intent.id) || facts.message.isProbe || [...facts.message.text.trim()].length < 4) return;
  // asking for the card ("常见问题", "帮助") is answered by the card itself: not a question that found no entry
  if (decision.actions.some((a) => a.type === 'reply_faq_card')) return;
  await recordFaqEventIn(ctx.tx, { at: ctx.now, openKfid: ctx.conversation.openKfid, conversationId: ctx.conversation.id, entryId: null, via: 'miss', text: facts.message.text, score: facts.faq.score });
}

export async function toOutboxIntents(ctx: PlanContext): Promise<OutboxIntent[]> {
  const { facts, decision, conversation: conv, tx } = ctx;
  await recordFaqMiss(ctx);
  const sends: OutboxIntent[] = [];
  const moves: OutboxIntent[] = [];
  const notices: OutboxIntent[] = [];
  const noticeKinds = new Set<string>(ctx.settings.noAgent.promiseKinds);
  const receivers = facts.receivers ?? [];
  const notices_ = new Set(facts.conversation.noticesSent);
  let mutedUntil = conv.mutedUntil;
  let tags = facts.conversation.tags;
  let offerAt = conv.transferOfferSentAt;
  const org = await ctx.d.org.orgProfileIn(tx);
  const vars = varsFromFacts(facts, {
    nextOpenText: ctx.nextOpenText, formLink: appointmentLink(ctx.d, conv.id), orderLink: org.orderLink, orgName: org.name, emergencyPhone: org.emergencyPhone,
  });
  const transfer = decision.dryRun ? undefined : decision.actions.find((a): a is Extract<PlannedAction, { type: 'transfer' }> => a.type === 'transfer');
  const moving = transfer !== undefined && !(conv.serviceState === 3 && transfer.userid === conv.servicerUserid);

  const step = async (a: PlannedAction, i: number): Promise<void> => {
    if (SENDS.has(a.type) && 'kind' in a) {
      if (decision.dryRun) return skip(ctx, a, 'dry run (probe): not sent');
      const found = a.type === 'reply_faq_answer' ? await faqAnswer(ctx) : (resolveTemplate(a, ctx.templates) ?? (a.templateId ? templateById(ctx.templates, a.templateId) : undefined));
      const template = found ? await withBackupLine(tx, found, ctx.settings.offHoursKinds) : found;
      if (!template) return skip(ctx, a, a.type === 'reply_faq_answer' ? 'no FAQ entry matched' : `no template of kind ${a.kind}`);
      // a promise of a human goes with the hand-over, through the msg_code WeCom gives for it
      if (moving && noticeKinds.has(a.kind) && transfer) {
        if (notices.length > 0) return skip(ctx, a, 'one notice per hand-over (WeCom allows one message per msg_code)');
        const who = receivers.find((r) => r.userid === transfer.userid)?.name;
        const noticeVars: TemplateVars = who ? { ...vars, 'agent.name': who, 'duty.name': who } : vars;
        notices.push({ key: `notice:${i}:${template.id}`, kind: 'send_msg_on_event', codeFrom: 'transfer', template, vars: noticeVars });
      } else {
        if (conv.serviceState >= 2) return skip(ctx, a, STATE_SKIP[conv.serviceState] ?? 'WeCom refuses API sends in this state');
        const marks = { ...(a.noticeKey ? { noticeKey: a.noticeKey } : {}), ...(a.type === 'offer_transfer' ? { offer: true } : {}) };
        sends.push({ key: `send:${i}:${template.id}`, kind: 'send_template', template, vars, ...(marks.noticeKey || marks.offer ? { marks } : {}) });
      }
      if (a.noticeKey) notices_.add(a.noticeKey);
      if (a.type === 'offer_transfer') offerAt = ctx.now;
      return;
    }
    switch (a.type) {
      case 'transfer':
        if (decision.dryRun) return skip(ctx, a, 'dry run (probe)');
        if (!moving) return skip(ctx, a, 'already with that agent');
        if (a.userid) {
          moves.push({ key: 'transfer', kind: 'service_state_trans', serviceState: 3, servicerUserid: a.userid, candidates: receivers.map((r) => r.userid).filter((u) => u !== a.userid) });
        } else if (conv.serviceState === 2) return skip(ctx, a, 'already waiting in the pool');
        else moves.push({ key: 'transfer', kind: 'service_state_trans', serviceState: 2 });
        return;
      case 'alert_manager': {
        if (decision.dryRun) return skip(ctx, a, 'dry run (probe)');
        if (!a.userid) return skip(ctx, a, 'no duty manager configured');
        // One path for every duty-manager alert: once per conversation, stage (rule) and window, 30/min per member.
        const alert = await alertFactsIn(tx, conv.id, ctx.now, facts.customer.nickname);
        const kind = ruleAlertKind((await ctx.d.org.ruleSetIn(tx)).ruleSet.rules.find((r) => r.id === a.ruleId), facts.intent.id);
        // its delivery job is adopted or told to the job runner by the enqueue itself (adapters/jobs adoptIn)
        if (alert) await queueManagerAlertIn(tx, ctx.d, { touser: a.userid, facts: alert, reason: a.reason, kind, stage: `rule:${a.ruleId}`, now: ctx.now });
        return;
      }
      case 'mute':
        mutedUntil = Math.max(mutedUntil ?? 0, Date.parse(a.until));
        return;
      case 'tag':
        if (!tags.includes(a.tag)) tags = [...tags, a.tag];
        return;
      case 'follow_up':
        if (decision.dryRun) return skip(ctx, a, 'dry run (probe)');
        await armFollowUpTimer(tx, { conversation: conv, ruleId: a.runRuleId, dueAt: Date.parse(a.dueAt), now: ctx.now });
        return;
      default:
    }
  };
  for (const [i, a] of decision.actions.entries()) await step(a, i);

  if (!decision.dryRun && moves.length === 0 && facts.receivers && heldByAway(conv, facts.receivers)) {
    // the customer wrote to a session held by someone who is away: hand it on, or end it with a closing note
    const plan = awayHandover({
      conversation: conv, receivers: facts.receivers, templates: ctx.templates, vars, window: facts.time.window,
      agentName: facts.agent?.name ?? null, key: 'away', capacity: facts.capacity, busyTemplateId: ctx.settings.noAgent.busyTemplateId,
    });
    moves.push(...plan.intents);
    note(ctx, plan.target ? 'handover' : 'end_session', plan.summary, plan.target);
  }

  await recordConversationMarks(tx, {
    id: conv.id, mutedUntil, tags: JSON.stringify(tags), transferOfferSentAt: offerAt,
    noticesSent: JSON.stringify([...notices_].slice(-NOTICES_KEPT)), mainIntent: ctx.mainIntent ?? null, now: ctx.now,
  });
  return [...sends, ...moves, ...notices];
}
