/**
 * @module Escalation timer handlers (async, run inside the timer's claiming transaction: its
 * port `Tx`; the duty, relay and alert planners they call take the same `Tx`).
 * Re-check first: a human replied since the customer message, or the session ended → end quietly.
 * Unanswered → FAQ menu card (outbox `send_msg`, deterministic id: once per unanswered stretch), or a
 * transfer to the customer's dedicated manager; waiting in the pool (no API sends possible) → the on-duty agent;
 * with a person who is away → handed on, or ended with a closing note (`engine/handover.ts`).
 * Main channel silent → backup route + duty-manager alert.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { CoreDeps } from '../../app/deps';
import type { Conversation } from '../../adapters/db/sqlite/schema/index';
import type { Tx } from '../ports/unit-of-work';
import { first } from '../ports/queries';
import { handOnFromAwayIn } from '../engine/handover';
import { outboxId } from '../pipeline/outbox-id';
import { DEFAULT_TEMPLATES } from '../../../shared/engine/index';
import { Template, renderTemplate } from '../../../shared/templates/index';
import { ALERT_STAGE, queueManagerAlertIn, alertFactsIn } from '../alerts/queue';
import { dutyManagerIn, relayCandidatesIn } from '../duty/on-duty';
import { DEDICATED_MANAGER_REASON, planRelayIn } from '../relay/plan';
import { receiversNowIn } from '../duty/receivers';
import { recordDiagnosticIn, type DiagnosticInput } from '../relay/diagnostics';
import type { FiringTimer, TimerHandler } from '../timers/durable-timers';
import { insertOutboxRowIn } from '../pipeline/outbox-job';
import { activateBackupRoute } from './routing';
import { ESC_SILENCE, ESC_UNANSWERED, armSilenceStageIn } from './arm';

/** The team's FAQ card (an agent's private quick reply of kind faq_card is never the bot's). */
async function faqTemplate(tx: Tx): Promise<Template | null> {
  const { templates } = tx.t;
  const row = await first(tx.db.select({ definition: templates.definition }).from(templates)
    .where(and(eq(templates.kind, 'faq_card'), isNull(templates.ownerUserid))).limit(1));
  if (row) { const t = Template.safeParse(JSON.parse(row.definition)); if (t.success) return t.data; }
  return DEFAULT_TEMPLATES.find((t) => t.kind === 'faq_card') ?? null;
}

async function conversationOf(tx: Tx, timer: FiringTimer): Promise<Conversation | undefined> {
  const { conversations } = tx.t;
  return first(tx.db.select().from(conversations).where(eq(conversations.id, timer.conversationId ?? -1)).limit(1));
}

/** The quiet end: returns a reason when the escalation no longer applies. */
function stale(conv: Conversation | undefined, timer: FiringTimer): string | null {
  if (!conv) return 'conversation_missing';
  const customerAt = Number(timer.payload.customerAt ?? 0);
  if (conv.lastHumanAt != null && conv.lastHumanAt >= customerAt) return 'answered';
  if (conv.unansweredCount === 0) return 'answered';
  if (conv.serviceState === 4) return 'session_ended';
  return null;
}

type HandlerDeps = Pick<CoreDeps, 'config' | 'clock' | 'org' | 'db'>;
type Diag = Omit<DiagnosticInput, 'result'> & { kind: 'escalation'; conversationId: number; actor: string };

/** With a person (state 3): nothing to do if they can receive; if they are away, hand on or end with a note. */
async function personHasIt(d: HandlerDeps, tx: Tx, conv: Conversation, timerId: number, now: number, diag: Diag): Promise<string> {
  const plan = await handOnFromAwayIn(tx, d, conv, `esc:${timerId}`, now);
  if (!plan) {
    await recordDiagnosticIn(tx, { ...diag, target: conv.servicerUserid, result: 'with a person who can answer: left to them' });
    return 'with_a_person';
  }
  await recordDiagnosticIn(tx, { ...diag, target: plan.target, result: plan.summary });
  return plan.target ? 'away_handed_on' : 'away_session_ended';
}

export function unansweredHandler(d: HandlerDeps): TimerHandler {
  return async (tx, timer, now) => {
    const conv = await conversationOf(tx, timer);
    const quiet = stale(conv, timer);
    if (quiet || !conv) return quiet ?? 'conversation_missing';
    await armSilenceStageIn(tx, conv.id, timer.payload, now);
    const diag: Diag = { at: now, kind: 'escalation', conversationId: conv.id, actor: ESC_UNANSWERED, reason: 'customer unanswered by a human' };
    // the dedicated manager, when set and able to receive now (the cap does not apply: the customer is theirs)
    if (conv.dedicatedManager && conv.servicerUserid !== conv.dedicatedManager
      && (await receiversNowIn(tx, conv.openKfid, now, conv.dedicatedManager)).some((r) => r.userid === conv.dedicatedManager)) {
      const candidates = [conv.dedicatedManager, ...(await relayCandidatesIn(tx, now, conv.servicerUserid)).filter((u) => u !== conv.dedicatedManager)];
      await planRelayIn(tx, {
        conversationId: conv.id, fromUserid: conv.serviceState === 3 ? conv.servicerUserid : null, reason: DEDICATED_MANAGER_REASON,
        key: `esc:${timer.id}`, now, candidates,
      });
      await recordDiagnosticIn(tx, { ...diag, target: conv.dedicatedManager, result: 'transfer to dedicated manager planned' });
      return 'dedicated_manager';
    }
    if (conv.serviceState === 2) {
      // Waiting in the pool: WeCom refuses API sends there (and 2 → 0/1 is no legal move), so hand it to
      // whoever is on duty and can take it.
      const candidates = await relayCandidatesIn(tx, now, null);
      if (candidates.length > 0) {
        await planRelayIn(tx, { conversationId: conv.id, fromUserid: null, reason: 'unanswered in the pool', key: `esc:${timer.id}`, now, candidates });
        await recordDiagnosticIn(tx, { ...diag, target: candidates[0] ?? null, result: 'waiting in the pool: transfer to the on-duty agent planned' });
        return 'pool_to_on_duty';
      }
      await recordDiagnosticIn(tx, { ...diag, result: 'waiting in the pool and nobody on duty is available' });
      return 'pool_nobody_available';
    }
    if (conv.serviceState === 3) return personHasIt(d, tx, conv, timer.id, now, diag);
    if (conv.serviceState !== 0 && conv.serviceState !== 1) {
      await recordDiagnosticIn(tx, { ...diag, result: `faq card not sendable in state ${conv.serviceState}` });
      return 'blocked_state';
    }
    const t = await faqTemplate(tx);
    if (!t) { await recordDiagnosticIn(tx, { ...diag, result: 'no faq_card template' }); return 'no_template'; }
    const body = renderTemplate(t, {});
    const stretch = `esc:faq:${conv.id}:${conv.lastHumanAt ?? 0}`;
    const added = await insertOutboxRowIn(tx, {
      msgid: outboxId(stretch, 'faq_card'), kind: 'send_msg', conversationId: conv.id, causeMsgid: String(timer.payload.msgid ?? ''),
      payload: JSON.stringify({ kind: 'send_msg', body }),
    }, now);
    await recordDiagnosticIn(tx, { ...diag, target: 'customer', result: added ? 'faq card planned' : 'faq card already sent in this stretch' });
    return added ? 'faq_card' : 'faq_already_sent';
  };
}

export function silenceHandler(d: Pick<CoreDeps, 'config' | 'db'>): TimerHandler {
  return async (tx, timer, now) => {
    const conv = await conversationOf(tx, timer);
    const quiet = stale(conv, timer);
    if (quiet || !conv) return quiet ?? 'conversation_missing';
    const reason = 'main channel without response';
    const switched = await activateBackupRoute(tx, now, reason, conv.id);
    await recordDiagnosticIn(tx, {
      at: now, kind: 'escalation', conversationId: conv.id, actor: ESC_SILENCE, target: 'backup_channel', reason,
      result: switched ? 'new requests routed to the backup channel' : 'backup channel already active',
    });
    const manager = await dutyManagerIn(tx, now);
    const facts = await alertFactsIn(tx, conv.id, now);
    if (!manager || !facts) {
      await recordDiagnosticIn(tx, { at: now, kind: 'alert', conversationId: conv.id, reason, result: 'no duty manager configured' });
      return 'backup_no_manager';
    }
    await queueManagerAlertIn(tx, d, { touser: manager.userid, facts, reason: '主渠道无人响应，已切换备用渠道', stage: ALERT_STAGE.silence, now });
    return 'backup_and_alert';
  };
}

export function registerEscalations(scheduler: { register(kind: string, h: TimerHandler): unknown }, d: HandlerDeps): void {
  scheduler.register(ESC_UNANSWERED, unansweredHandler(d));
  scheduler.register(ESC_SILENCE, silenceHandler(d));
}
