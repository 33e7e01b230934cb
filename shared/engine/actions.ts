/**
 * @module Action catalogue: every action type with its zh/en label, zod param schema, whether it sends a
 * WeCom message (and which template kind), how it resolves against the facts, and its description.
 */
import { z } from 'zod';
import { TemplateKind } from '../domain/vocabulary';
import { templateKindLabel } from '../format/index';
import type { Lang } from './conditions';
import type { Facts, PlannedAction, SendType } from './types';

export interface ActionDef<P = unknown> {
  id: string;
  label: { zh: string; en: string };
  params: z.ZodObject;
  /** Sends a WeCom message: counted against the quota and the reply guards. */
  sends: boolean;
  /** Template kind of a send. */
  kind?(p: P): TemplateKind;
  /** Template id given explicitly, if any. */
  templateId?(p: P): string | undefined;
  plan(p: P, f: Facts, ruleId: string, nowMs: number): PlannedAction;
  describe(p: P, lang: Lang): string;
  check?(p: P): string | null;
}

const def = <S extends z.ZodObject>(d: Omit<ActionDef<z.infer<S>>, 'params'> & { params: S }) => d as ActionDef<z.infer<S>> & { params: S };

const TARGET_ZH = { assigned: '专属客服', on_duty: '值班同事', backup: '备岗', queue: '待接入池', user: '指定客服' } as const;
const tpl = (id: string | undefined, l: Lang) => (id ? (l === 'zh' ? `（模板 ${id}）` : ` (template ${id})`) : '');

type SendParams = { kind?: TemplateKind; templateId?: string };

const send = <K extends TemplateKind | null>(
  id: SendType,
  label: { zh: string; en: string },
  fixedKind: K,
) =>
  ({
    id, label, sends: true,
    params: (fixedKind
      ? z.object({ templateId: z.string().min(1).optional() })
      : z.object({ kind: TemplateKind, templateId: z.string().min(1).optional() })) as z.ZodObject,
    kind: (p: { kind?: TemplateKind }) => fixedKind ?? (p.kind as TemplateKind),
    templateId: (p: { templateId?: string }) => p.templateId,
    plan: (p: { kind?: TemplateKind; templateId?: string }, _f, ruleId) => {
      const a: PlannedAction = { type: id, ruleId, kind: fixedKind ?? (p.kind as TemplateKind) };
      if (p.templateId) a.templateId = p.templateId;
      return a;
    },
    describe: (p: { kind?: TemplateKind; templateId?: string }, l) => {
      const k = fixedKind ?? (p.kind as TemplateKind);
      return l === 'zh' ? `回复${templateKindLabel(k, l)}模板${tpl(p.templateId, l)}` : `reply with the "${templateKindLabel(k, l)}" template${tpl(p.templateId, l)}`;
    },
  }) satisfies ActionDef<SendParams>;

export const replyTemplate = send('reply_template', { zh: '回复模板', en: 'Reply with template' }, null);
export const replyFormLink = send('reply_form_link', { zh: '回复预约表单链接', en: 'Reply appointment form link' }, 'appointment');
export const replyFaqCard = send('reply_faq_card', { zh: '回复常见问题菜单', en: 'Reply FAQ menu card' }, 'faq_card');
/** Answers with the FAQ entry that matched this message (the server sends the entry's answer and link). */
export const replyFaqAnswer = send('reply_faq_answer', { zh: '用常见问题条目回答', en: 'Answer from the FAQ entry' }, 'custom');
export const offerTransfer = send('offer_transfer', { zh: '发送“转人工”选项', en: 'Offer a human agent' }, 'transfer_notice');

const TransferTo = z.enum(['assigned', 'on_duty', 'backup', 'queue', 'user']);

export const transfer = def({
  id: 'transfer', label: { zh: '转人工', en: 'Transfer' }, sends: false,
  params: z.object({ to: TransferTo, userid: z.string().min(1).optional() }),
  check: (p) => (p.to === 'user' && !p.userid ? 'transfer to "user" needs a userid' : null),
  plan: (p, f, ruleId) => {
    const wanted =
      // nobody assigned yet: the assignment order's first (duty A post, then the least loaded under the cap)
      p.to === 'assigned' ? (f.conversation.assignedServicer ?? f.receivers?.[0]?.userid ?? f.agent?.userid ?? null)
      : p.to === 'on_duty' ? (f.onDuty?.userid ?? null)
      : p.to === 'backup' ? (f.backup?.userid ?? null)
      : p.to === 'user' ? (p.userid ?? null)
      : null;
    const a: Extract<PlannedAction, { type: 'transfer' }> = { type: 'transfer', ruleId, to: p.to, userid: wanted };
    if (f.receivers && p.to !== 'queue' && !f.receivers.some((r) => r.userid === wanted)) {
      // the wanted person cannot receive now: whoever can (none → the decision says nobody is available)
      a.userid = f.receivers[0]?.userid ?? null;
      if (a.userid !== null) a.fallback = 'receiver';
    } else if (!f.receivers && wanted === null && p.to !== 'queue') a.fallback = 'queue';
    return a;
  },
  describe: (p, l) => (l === 'zh' ? `转接${TARGET_ZH[p.to]}${p.userid ? ` ${p.userid}` : ''}` : `transfer to ${p.to}${p.userid ? ` ${p.userid}` : ''}`),
});

export const alertManager = def({
  id: 'alert_manager', label: { zh: '提醒值班主管', en: 'Alert duty manager' }, sends: false,
  params: z.object({ reason: z.string().max(200).default('') }),
  plan: (p, f, ruleId) => ({
    type: 'alert_manager', ruleId, reason: p.reason,
    userid: f.manager?.userid ?? f.conversation.dedicatedManager ?? f.onDuty?.userid ?? null,
  }),
  describe: (p, l) => (l === 'zh' ? `提醒值班主管${p.reason ? `：${p.reason}` : ''}` : `alert the duty manager${p.reason ? `: ${p.reason}` : ''}`),
});

export const mute = def({
  id: 'mute', label: { zh: '暂停自动回复', en: 'Mute auto-replies' }, sends: false,
  params: z.object({ minutes: z.number().int().min(1).max(7 * 24 * 60) }),
  plan: (p, _f, ruleId, nowMs) => ({ type: 'mute', ruleId, minutes: p.minutes, until: new Date(nowMs + p.minutes * 60_000).toISOString() }),
  describe: (p, l) => (l === 'zh' ? `暂停自动回复 ${p.minutes} 分钟` : `mute auto-replies for ${p.minutes} min`),
});

export const tag = def({
  id: 'tag', label: { zh: '会话打标签', en: 'Tag conversation' }, sends: false,
  params: z.object({ tag: z.string().min(1).max(32) }),
  plan: (p, _f, ruleId) => ({ type: 'tag', ruleId, tag: p.tag }),
  describe: (p, l) => (l === 'zh' ? `会话打标签“${p.tag}”` : `tag the conversation "${p.tag}"`),
});

export const followUp = def({
  id: 'follow_up', label: { zh: '定时跟进', en: 'Schedule follow-up' }, sends: false,
  params: z.object({ afterSeconds: z.number().int().min(10).max(7 * 86_400), ruleId: z.string().min(1) }),
  plan: (p, _f, ruleId, nowMs) => ({
    type: 'follow_up', ruleId, afterSeconds: p.afterSeconds, runRuleId: p.ruleId,
    dueAt: new Date(nowMs + p.afterSeconds * 1000).toISOString(),
  }),
  describe: (p, l) =>
    l === 'zh' ? `${p.afterSeconds} 秒后仍未回复则执行规则 ${p.ruleId}` : `if still unanswered after ${p.afterSeconds} s, run rule ${p.ruleId}`,
});

/** Every action type, in admin-form order. */
export const ACTIONS = [
  replyTemplate, replyFormLink, replyFaqCard, replyFaqAnswer, offerTransfer, transfer, alertManager, mute, tag, followUp,
] as const;

export const ACTION_BY_ID: ReadonlyMap<string, ActionDef> = new Map(ACTIONS.map((a) => [a.id, a as ActionDef]));
