/**
 * @module Turns the engine's planned actions into conversation state and outbox intents. Sends are
 * snapshotted templates rendered at send time; nothing is sent for a dry run (probe) or while a human has the
 * session (state 3: WeCom refuses API sends with 95018), and each such skip is written into the trace.
 */
import { eq } from 'drizzle-orm';
import type { Store } from '../db/index';
import { conversations, type Conversation } from '../db/schema/index';
import type { OutboxIntent } from '../pipeline/outbox-intent';
import type { PlannerDeps } from './planner';
import { appointmentLink } from '../appointments/link';
import { alertFacts, queueManagerAlert } from '../alerts/queue';
import { armFollowUpTimer } from './follow-up';
import { resolveTemplate, varsFromFacts, type Decision, type Facts, type PlannedAction } from '../../shared/engine/index';
import type { Template } from '../../shared/templates/index';

export interface PlanContext {
  tx: Store;
  d: PlannerDeps;
  conversation: Conversation;
  facts: Facts;
  decision: Decision;
  nextOpenText: string | null;
  templates: Template[];
  now: number;
}

const SENDS = new Set(['reply_template', 'reply_form_link', 'reply_faq_card', 'offer_transfer']);
const NOTICES_KEPT = 20;

function skip(ctx: PlanContext, a: PlannedAction, reason: string): void {
  ctx.decision.trace.actions.push({ ruleId: a.ruleId, type: a.type, status: 'suppressed', reason });
}

export function toOutboxIntents(ctx: PlanContext): OutboxIntent[] {
  const { facts, decision, conversation: conv, tx } = ctx;
  const out: OutboxIntent[] = [];
  const notices = new Set(facts.conversation.noticesSent);
  let mutedUntil = conv.mutedUntil;
  let tags = facts.conversation.tags;
  let offerAt = conv.transferOfferSentAt;
  const org = ctx.d.org.orgProfile(tx);
  const vars = varsFromFacts(facts, {
    nextOpenText: ctx.nextOpenText, formLink: appointmentLink(ctx.d, conv.id), orderLink: org.orderLink, orgName: org.name,
  });

  decision.actions.forEach((a, i) => {
    if (SENDS.has(a.type) && 'kind' in a) {
      if (decision.dryRun) return skip(ctx, a, 'dry run (probe): not sent');
      if (conv.serviceState === 3) return skip(ctx, a, 'a human has the session (state 3): WeCom refuses API sends');
      const template = resolveTemplate(a, ctx.templates);
      if (!template) return skip(ctx, a, `no template of kind ${a.kind}`);
      out.push({ key: `send:${i}:${template.id}`, kind: 'send_template', template, vars });
      if (a.noticeKey) notices.add(a.noticeKey);
      if (a.type === 'offer_transfer') offerAt = ctx.now;
      return;
    }
    switch (a.type) {
      case 'transfer':
        if (decision.dryRun) return skip(ctx, a, 'dry run (probe)');
        if (a.userid && conv.serviceState === 3 && conv.servicerUserid === a.userid) return skip(ctx, a, 'already with that agent');
        out.push(a.userid
          ? { key: `transfer:${i}`, kind: 'service_state_trans', serviceState: 3, servicerUserid: a.userid }
          : { key: `transfer:${i}`, kind: 'service_state_trans', serviceState: 2 });
        return;
      case 'alert_manager': {
        if (decision.dryRun) return skip(ctx, a, 'dry run (probe)');
        if (!a.userid) return skip(ctx, a, 'no duty manager configured');
        // One path for every duty-manager alert: deduplicated per conversation and window, 30/min per member.
        const alert = alertFacts(tx, conv.id, ctx.now, facts.customer.nickname);
        if (alert && queueManagerAlert(tx, { touser: a.userid, facts: alert, reason: a.reason, publicBaseUrl: ctx.d.config.publicBaseUrl ?? '', now: ctx.now })) {
          ctx.d.onAlertQueued?.();
        }
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
        armFollowUpTimer(tx, { conversation: conv, ruleId: a.runRuleId, dueAt: Date.parse(a.dueAt), now: ctx.now });
        ctx.d.onTimerArmed?.();
        return;
      default:
    }
  });

  tx.update(conversations).set({
    mutedUntil, tags: JSON.stringify(tags), transferOfferSentAt: offerAt,
    noticesSent: JSON.stringify([...notices].slice(-NOTICES_KEPT)), updatedAt: ctx.now,
  }).where(eq(conversations.id, conv.id)).run();
  return out;
}
