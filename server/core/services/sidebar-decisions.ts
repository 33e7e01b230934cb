/**
 * @module The "why" view: the last automatic decisions of a conversation with their trace in plain language
 * (zh and en, via the engine's `explainTrace`), newest first — and, for each send or move the decision planned,
 * what WeCom made of it (sent / retrying / failed with the errcode and a reason in plain words / cancelled), so
 * the view never reports as sent a reply WeCom refused.
 */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Queries } from '../ports/queries';
import type { DecisionRow, OutboxRow } from '../../adapters/db/sqlite/schema/index';
import type { OrgConfig } from '../engine/org-config';
import { storedTraceIn } from '../engine/stored-trace';
import { explainNames } from './explain-names';
import { errcodeInfo } from '../../channels/wecom-kf/errcodes';
import { explainTrace, type ExplainNames, type Trace } from '../../../shared/engine/index';
import type { DecisionView, DeliveryView } from '../../../shared/domain/sidebar';
import type { OutboxPayload } from '../pipeline/outbox-intent';

export const DECISION_LIMIT = 10;

function actionsOf(json: string): DecisionView['actions'] {
  try {
    return (JSON.parse(json) as { type: string; kind?: string }[]).map((a) => ({ type: a.type, kind: a.kind }));
  } catch {
    return [];
  }
}

const UNREADABLE = { zh: ['（无法解读此决策的记录）'], en: ['(this decision record cannot be read)'] };

async function explain(q: Queries, org: Pick<OrgConfig, 'ruleSetIn'>, row: DecisionRow, names: ExplainNames): Promise<{ zh: string[]; en: string[] }> {
  let trace: Trace;
  try {
    trace = await storedTraceIn(q, org, row);
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err; // the database's own failure is not the record's
    return UNREADABLE;
  }
  try {
    return { zh: explainTrace(trace, 'zh', { misses: false, names }), en: explainTrace(trace, 'en', { misses: false, names }) };
  } catch {
    return UNREADABLE; // a record of another shape
  }
}

const STATUS_TEXT: Record<DeliveryView['status'], { zh: string; en: string; mark: string }> = {
  sent: { zh: '已送达企业微信', en: 'accepted by WeCom', mark: '✓' },
  pending: { zh: '等待发送', en: 'waiting to be sent', mark: '…' },
  retrying: { zh: '稍后重试', en: 'will retry', mark: '↻' },
  failed: { zh: '未送达', en: 'not delivered', mark: '✗' },
  cancelled: { zh: '已取消', en: 'cancelled', mark: '⊘' },
};

/** WeCom's session states (kf/service_state/trans), as the sidebar names them. */
const STATE_TEXT: Record<number, { zh: string; en: string }> = {
  0: { zh: '未处理', en: 'new' }, 1: { zh: '机器人接待', en: 'with the bot' }, 2: { zh: '待接入池', en: 'in the queue' },
  3: { zh: '人工接待', en: 'with an agent' }, 4: { zh: '已结束', en: 'ended' },
};

/** Where a planned send stands with WeCom: sent / pending / retrying / failed / cancelled, and why in plain words. */
export function deliveryStatusOf(row: Pick<OutboxRow, 'status' | 'errcode' | 'errmsg'>): Pick<DeliveryView, 'status' | 'reason'> {
  const status: DeliveryView['status'] = row.status === 'pending' ? (row.errcode ? 'retrying' : 'pending') : row.status;
  let reason: DeliveryView['reason'] = null;
  if (row.errcode) {
    const info = errcodeInfo(row.errcode);
    reason = { zh: `${row.errcode} ${info.zh}`, en: `${row.errcode} ${info.en}` };
  } else if (status !== 'sent' && row.errmsg) reason = { zh: row.errmsg, en: row.errmsg };
  return { status, reason };
}

function delivery(row: OutboxRow): DeliveryView {
  let payload: Partial<OutboxPayload> = {};
  try { payload = JSON.parse(row.payload) as OutboxPayload; } catch { /* keep empty */ }
  const what: DeliveryView['what'] = row.kind === 'service_state_trans' ? 'move' : row.kind === 'send_msg_on_event' ? 'notice' : 'send';
  const label = 'serviceState' in payload && payload.serviceState !== undefined
    ? `${payload.serviceState}${payload.servicerUserid ? ` → ${payload.servicerUserid}` : ''}`
    : 'template' in payload && payload.template ? payload.template.name : row.kind;
  const { status, reason } = deliveryStatusOf(row);
  return { what, label, status, errcode: row.errcode && row.errcode !== 0 ? row.errcode : null, reason, at: row.sentAt ?? row.updatedAt };
}

/** What a planned send or move was, in words: the template's name, or the state the session moves to and to whom. */
function deliveryLabel(row: OutboxRow, d: DeliveryView, person: (userid: string) => string): { zh: string; en: string } {
  let payload: Partial<OutboxPayload> = {};
  try { payload = JSON.parse(row.payload) as OutboxPayload; } catch { /* keep empty */ }
  if ('serviceState' in payload && payload.serviceState !== undefined) {
    const state = STATE_TEXT[payload.serviceState] ?? { zh: String(payload.serviceState), en: String(payload.serviceState) };
    const to = payload.servicerUserid ? person(payload.servicerUserid) : '';
    return { zh: `转为「${state.zh}」${to ? `：${to}` : ''}`, en: `to "${state.en}"${to ? `: ${to}` : ''}` };
  }
  // a ready message (no template) is just "the message": its outbox kind is no word for people
  if (!('template' in payload && payload.template)) return { zh: '', en: '' };
  return { zh: `「${d.label}」`, en: `"${d.label}"` };
}

function deliveryLines(list: { row: OutboxRow; view: DeliveryView }[], person: (userid: string) => string): { zh: string[]; en: string[] } {
  const what = { send: { zh: '消息', en: 'message' }, notice: { zh: '随转接/结束发送的提示', en: 'notice with the hand-over/end' }, move: { zh: '会话', en: 'session' } };
  const label = (x: { row: OutboxRow; view: DeliveryView }) => deliveryLabel(x.row, x.view, person);
  return {
    zh: list.map((x) => `${STATUS_TEXT[x.view.status].mark} ${what[x.view.what].zh}${label(x).zh}${STATUS_TEXT[x.view.status].zh}${x.view.reason ? `：${x.view.reason.zh}` : ''}`),
    en: list.map((x) => `${STATUS_TEXT[x.view.status].mark} ${what[x.view.what].en}${label(x).en ? ` ${label(x).en}` : ''} ${STATUS_TEXT[x.view.status].en}${x.view.reason ? `: ${x.view.reason.en}` : ''}`),
  };
}

/**
 * Where a row stands in its decision's plan: a decision's rows are written in one transaction (one `createdAt`), in
 * the order the engine plans them (server/core/engine/actions.ts): the bot's sends, in the order of the decision's
 * actions, then the move of the session, then the notice that goes with it. Both engines know this order; neither
 * keeps the insertion order of rows whose key is a hash.
 */
function planRank(row: OutboxRow, actionKinds: (string | undefined)[]): number {
  if (row.kind === 'service_state_trans') return 10_000;
  if (row.kind === 'send_msg_on_event') return 20_000;
  let kind: string | undefined;
  try { kind = (JSON.parse(row.payload) as { template?: { kind?: string } }).template?.kind; } catch { /* rank last among sends */ }
  const at = kind === undefined ? -1 : actionKinds.indexOf(kind);
  return at < 0 ? 9_999 : at;
}

export async function recentDecisions(q: Queries, org: Pick<OrgConfig, 'ruleSetIn'>, conversationId: number, limit = DECISION_LIMIT): Promise<DecisionView[]> {
  const { decisions, outbox } = q.t;
  const names = await explainNames(q, { version: false });
  const rows = await q.db.select().from(decisions)
    .where(and(eq(decisions.conversationId, conversationId), eq(decisions.dryRun, false)))
    .orderBy(desc(decisions.at), desc(decisions.id)).limit(limit);
  const byDecision = new Map<number, { row: OutboxRow; view: DeliveryView }[]>();
  if (rows.length > 0) {
    const planned = await q.db.select().from(outbox).where(inArray(outbox.decisionId, rows.map((x) => x.id))).orderBy(asc(outbox.createdAt), asc(outbox.msgid));
    const kinds = new Map(rows.map((r) => [r.id, actionsOf(r.actions).map((a) => a.kind)]));
    const ranked = planned.map((r) => ({ r, rank: planRank(r, kinds.get(r.decisionId!) ?? []) }))
      .sort((a, b) => a.r.createdAt - b.r.createdAt || a.rank - b.rank);
    for (const { r } of ranked) {
      byDecision.set(r.decisionId!, [...(byDecision.get(r.decisionId!) ?? []), { row: r, view: delivery(r) }]);
    }
  }
  const views: DecisionView[] = [];
  for (const r of rows) {
    const actions = actionsOf(r.actions);
    const planned = byDecision.get(r.id) ?? [];
    const deliveries = planned.map((x) => x.view);
    const lines = await explain(q, org, r, names);
    const told = deliveryLines(planned, names.person!);
    views.push({
      id: r.id, at: r.at, trigger: r.trigger, ruleSetVersion: r.ruleSetVersion, dryRun: r.dryRun, causeMsgid: r.causeMsgid,
      actions, deliveries, lines: { zh: [...lines.zh, ...told.zh], en: [...lines.en, ...told.en] },
    });
  }
  return views;
}
