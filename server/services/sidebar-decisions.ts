/**
 * @module The "why" view: the last automatic decisions of a conversation with their trace in plain language
 * (zh and en, via the engine's `explainTrace`), newest first — and, for each send or move the decision planned,
 * what WeCom made of it (sent / retrying / failed with the errcode and a reason in plain words / cancelled), so
 * the view never reports as sent a reply WeCom refused.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import { decisions, outbox, type OutboxRow } from '../db/schema/index';
import { errcodeInfo } from '../channels/wecom-kf/errcodes';
import { explainTrace, type Trace } from '../../shared/engine/index';
import type { DecisionView, DeliveryView } from '../../shared/domain/sidebar';
import type { OutboxPayload } from '../pipeline/outbox-intent';

export const DECISION_LIMIT = 10;

function explain(traceJson: string): { zh: string[]; en: string[] } {
  try {
    const trace = JSON.parse(traceJson) as Trace;
    return { zh: explainTrace(trace, 'zh', { misses: false }), en: explainTrace(trace, 'en', { misses: false }) };
  } catch {
    return { zh: ['（无法解读此决策的记录）'], en: ['(this decision record cannot be read)'] };
  }
}

const STATUS_TEXT: Record<DeliveryView['status'], { zh: string; en: string; mark: string }> = {
  sent: { zh: '已送达企业微信', en: 'accepted by WeCom', mark: '✓' },
  pending: { zh: '等待发送', en: 'waiting to be sent', mark: '…' },
  retrying: { zh: '稍后重试', en: 'will retry', mark: '↻' },
  failed: { zh: '未送达', en: 'not delivered', mark: '✗' },
  cancelled: { zh: '已取消', en: 'cancelled', mark: '⊘' },
};

function delivery(row: OutboxRow): DeliveryView {
  let payload: Partial<OutboxPayload> = {};
  try { payload = JSON.parse(row.payload) as OutboxPayload; } catch { /* keep empty */ }
  const what: DeliveryView['what'] = row.kind === 'service_state_trans' ? 'move' : row.kind === 'send_msg_on_event' ? 'notice' : 'send';
  const label = 'serviceState' in payload && payload.serviceState !== undefined
    ? `${payload.serviceState}${payload.servicerUserid ? ` → ${payload.servicerUserid}` : ''}`
    : 'template' in payload && payload.template ? payload.template.name : row.kind;
  const status: DeliveryView['status'] = row.status === 'pending' ? (row.errcode ? 'retrying' : 'pending') : row.status;
  let reason: DeliveryView['reason'] = null;
  if (row.errcode) {
    const info = errcodeInfo(row.errcode);
    reason = { zh: `${row.errcode} ${info.zh}`, en: `${row.errcode} ${info.en}` };
  } else if (status !== 'sent' && row.errmsg) reason = { zh: row.errmsg, en: row.errmsg };
  return { what, label, status, errcode: row.errcode && row.errcode !== 0 ? row.errcode : null, reason, at: row.sentAt ?? row.updatedAt };
}

function deliveryLines(list: DeliveryView[]): { zh: string[]; en: string[] } {
  const what = { send: { zh: '消息', en: 'message' }, notice: { zh: '随转接/结束发送的提示', en: 'notice with the hand-over/end' }, move: { zh: '会话状态变更', en: 'session move' } };
  return {
    zh: list.map((d) => `${STATUS_TEXT[d.status].mark} ${what[d.what].zh}「${d.label}」${STATUS_TEXT[d.status].zh}${d.reason ? `：${d.reason.zh}` : ''}`),
    en: list.map((d) => `${STATUS_TEXT[d.status].mark} ${what[d.what].en} "${d.label}" ${STATUS_TEXT[d.status].en}${d.reason ? `: ${d.reason.en}` : ''}`),
  };
}

export function recentDecisions(d: Pick<CoreDeps, 'db'>, conversationId: number, limit = DECISION_LIMIT): DecisionView[] {
  const rows = d.db.select().from(decisions)
    .where(and(eq(decisions.conversationId, conversationId), eq(decisions.dryRun, false)))
    .orderBy(desc(decisions.at), desc(decisions.id)).limit(limit).all();
  const byDecision = new Map<number, DeliveryView[]>();
  if (rows.length > 0) {
    for (const r of d.db.select().from(outbox).where(inArray(outbox.decisionId, rows.map((x) => x.id))).orderBy(asc(outbox.createdAt), asc(sql`rowid`)).all()) {
      byDecision.set(r.decisionId!, [...(byDecision.get(r.decisionId!) ?? []), delivery(r)]);
    }
  }
  return rows.map((r) => {
    let actions: DecisionView['actions'] = [];
    try {
      actions = (JSON.parse(r.actions) as { type: string; kind?: string }[]).map((a) => ({ type: a.type, kind: a.kind }));
    } catch { /* keep empty */ }
    const deliveries = byDecision.get(r.id) ?? [];
    const lines = explain(r.trace);
    const told = deliveryLines(deliveries);
    return {
      id: r.id, at: r.at, trigger: r.trigger, ruleSetVersion: r.ruleSetVersion, dryRun: r.dryRun, causeMsgid: r.causeMsgid,
      actions, deliveries, lines: { zh: [...lines.zh, ...told.zh], en: [...lines.en, ...told.en] },
    };
  });
}
