/**
 * @module Probe messages (`***`): the whole pipeline runs dry — the engine marks the decision dry-run, no
 * escalation timer, follow-up or alert is armed (the escalations are computed and reported instead), the
 * customer's unanswered count is left alone, and nothing but a short acknowledgement is sent — and a report of
 * every step with its time is stored for diagnostics.
 */
import type { Tx } from '../ports/unit-of-work';
import type { OutboxIntent } from '../pipeline/outbox-intent';
import type { DecisionContext } from './planner';
import { plannedEscalations } from '../escalation/arm';
import { dueAtFor } from '../timers/arm';

export const PROBE_ACK = '【探针】已收到。本条消息已按正式流程试运行（未发送任何自动回复），诊断报告已生成。';

export interface ProbeClock {
  /** When the account's latest callback arrived (ms), if known. */
  lastCallbackAt(openKfid: string): number | undefined;
}

export function probeStep(clock: ProbeClock) {
  return async function recordProbe(tx: Tx, ctx: DecisionContext): Promise<OutboxIntent[]> {
    if (!ctx.facts.message.isProbe) return [];
    const stored = ctx.message.receivedAt;
    const callbackAt = clock.lastCallbackAt(ctx.conversation.openKfid);
    const steps = [
      ...(callbackAt !== undefined ? [{ step: 'callback_received', atMs: callbackAt, durationMs: 0 }] : []),
      { step: 'customer_sent', atMs: ctx.message.sendTime * 1000, durationMs: 0 },
      { step: 'stored', atMs: stored, durationMs: callbackAt !== undefined ? stored - callbackAt : 0 },
      ...ctx.timings.map((t, i) => ({ step: t.step, atMs: stored, durationMs: Number((t.ms - (ctx.timings[i - 1]?.ms ?? 0)).toFixed(3)) })),
      ...ctx.decision.trace.actions.map((a) => ({ step: `action:${a.type}${a.kind ? `:${a.kind}` : ''}`, atMs: stored, durationMs: 0, detail: a.status === 'planned' ? 'planned (dry run: not sent)' : `suppressed: ${a.reason ?? a.guard ?? ''}` })),
      ...(await plannedEscalations(tx, ctx.conversation, ctx.message, Date.parse(ctx.facts.now))).map((t) => ({
        step: `escalation:${t.kind}`, atMs: dueAtFor(t) ?? stored, durationMs: 0, detail: 'computed (dry run: not armed)',
      })),
    ];
    await tx.db.insert(tx.t.probeReports).values({
      msgid: ctx.message.msgid, conversationId: ctx.conversation.id, at: stored,
      steps: JSON.stringify(steps), decision: JSON.stringify({ version: ctx.version, actions: ctx.decision.actions, trace: ctx.decision.trace }),
    }).onConflictDoNothing();
    return [{ key: 'probe-ack', kind: 'send_msg', body: { msgtype: 'text', text: { content: PROBE_ACK } } }];
  };
}
