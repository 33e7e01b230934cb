/**
 * @module Condition catalogue: every condition type with its zh/en label, zod param schema, compile step,
 * evaluator, actual-value reader and plain-language description. Drives evaluation, validation and the form.
 */
import { z } from 'zod';
import { AgentStatus, CalendarWindow, IntentId } from '../domain/vocabulary';
import { compileKeywords, matchKeywords, type CompiledKeyword, type KeywordMode } from './fuzzy';
import { repeatCount } from './guards';
import { intentLabel, statusLabel, windowLabel } from '../format/index';
import type { Facts } from './types';

export type Lang = 'zh' | 'en';

/** Per-decision evaluation context (one per `decide` call, reused across rules). */
export interface EvalCtx {
  facts: Facts;
  nowMs: number;
  /** Normalised message text, computed on first use. */
  normText(): string;
  /** Keyword evidence collected while evaluating the current rule. */
  matched: string[];
  /** Actual values already formatted in this decision, for conditions whose actual value ignores params. */
  actuals: Record<string, string>;
}

export interface ConditionDef<P = unknown, C = unknown> {
  id: string;
  label: { zh: string; en: string };
  group: 'message' | 'time' | 'conversation' | 'agent' | 'customer';
  params: z.ZodObject;
  compile(p: P): C;
  test(c: C, f: Facts, ctx: EvalCtx): boolean;
  actual(c: C, f: Facts, ctx: EvalCtx): string;
  expected(p: P): string;
  describe(p: P, lang: Lang): string;
  /** The actual value does not depend on the params: format it once per decision. */
  sharedActual?: boolean;
  /** Cross-field check beyond the schema: an error message, or null. */
  check?(p: P): string | null;
}

const def = <S extends z.ZodObject, C = z.infer<S>>(
  d: Omit<ConditionDef<z.infer<S>, C>, 'params' | 'compile'> & { params: S; compile?: (p: z.infer<S>) => C },
): ConditionDef<z.infer<S>, C> & { params: S } =>
  ({ ...d, compile: d.compile ?? ((p: z.infer<S>) => p as unknown as C) }) as ConditionDef<z.infer<S>, C> & { params: S };

const list = (xs: readonly (string | number)[]) => `[${xs.join(', ')}]`;
const zhList = (xs: readonly (string | number)[]) => xs.join('、');
const preview = (s: string) => (s.length > 40 ? `"${s.slice(0, 40)}…"` : `"${s}"`);
const hhmm = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'time as HH:MM');
const toMin = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
const pad = (n: number) => String(n).padStart(2, '0');
const codePoints = (s: string) => { let n = 0; for (const _ of s.trim()) n++; return n; };
const MODE_ZH: Record<KeywordMode, string> = { exact: '完全匹配', contains: '包含', fuzzy: '模糊包含' };

/** Lists of domain words as people read them (names from `shared/format`, never the ids). */
const names = (xs: readonly string[], l: Lang, name: (x: string, l: Lang) => string) => xs.map((x) => name(x, l)).join(l === 'zh' ? '、' : ', ');
const statusName = (s: string, l: Lang) => (s === 'none' ? (l === 'zh' ? '无' : 'nobody') : statusLabel(s, l));

export const keywords = def({
  id: 'keywords', sharedActual: true, group: 'message', label: { zh: '关键词', en: 'Keywords' },
  params: z.object({ mode: z.enum(['exact', 'contains', 'fuzzy']).default('contains'), list: z.array(z.string().min(1).max(64)).min(1).max(200) }),
  compile: (p) => ({ mode: p.mode, kws: compileKeywords(p.list, p.mode) as CompiledKeyword[] }),
  test: (c, _f, ctx) => {
    const hit = matchKeywords(ctx.normText(), c.kws, c.mode);
    if (hit !== null) ctx.matched.push(hit);
    return hit !== null;
  },
  actual: (_c, f) => preview(f.message.text),
  expected: (p) => `keywords ${p.mode} ${list(p.list)}`,
  describe: (p, l) => (l === 'zh' ? `消息${MODE_ZH[p.mode]}关键词：${zhList(p.list)}` : `message ${p.mode} keywords ${list(p.list)}`),
});

export const intent = def({
  id: 'intent', sharedActual: true, group: 'message', label: { zh: '意图', en: 'Intent' },
  params: z.object({ in: z.array(IntentId).min(1), minConfidence: z.number().min(0).max(1).default(0.6) }),
  test: (p, f) => p.in.includes(f.intent.id) && f.intent.confidence >= p.minConfidence,
  actual: (_p, f) => `${f.intent.id} (${f.intent.confidence.toFixed(2)})`,
  expected: (p) => `intent in ${list(p.in)} with confidence ≥ ${p.minConfidence}`,
  describe: (p, l) => (l === 'zh' ? `意图为 ${names(p.in, l, intentLabel)}（置信度 ≥ ${p.minConfidence}）` : `intent is ${names(p.in, l, intentLabel)} (confidence ≥ ${p.minConfidence})`),
});

export const emotion = def({
  id: 'emotion', sharedActual: true, group: 'message', label: { zh: '情绪', en: 'Emotion' },
  params: z.object({ min: z.number().min(0).max(1) }),
  test: (p, f) => f.emotion.score >= p.min,
  actual: (_p, f) => f.emotion.score.toFixed(2),
  expected: (p) => `emotion ≥ ${p.min}`,
  describe: (p, l) => (l === 'zh' ? `负面情绪 ≥ ${p.min}` : `negative emotion ≥ ${p.min}`),
});

export const messageLength = def({
  id: 'message_length', sharedActual: true, group: 'message', label: { zh: '消息长度', en: 'Message length' },
  params: z.object({ gt: z.number().int().min(0).max(2000) }),
  test: (p, f) => codePoints(f.message.text) > p.gt,
  actual: (_p, f) => String(codePoints(f.message.text)),
  expected: (p) => `message length > ${p.gt}`,
  describe: (p, l) => (l === 'zh' ? `消息长度超过 ${p.gt} 字` : `message longer than ${p.gt} characters`),
});

export const unanswered = def({
  id: 'unanswered', group: 'conversation', label: { zh: '连续未回复', en: 'Unanswered messages' },
  params: z.object({
    min: z.number().int().min(1).max(100),
    max: z.number().int().min(1).max(100).optional(),
    withinMinutes: z.number().int().min(1).max(24 * 60).optional(),
  }),
  test: (p, f, ctx) => {
    const n = f.conversation.unansweredCount;
    if (n < p.min || (p.max !== undefined && n > p.max)) return false;
    if (p.withinMinutes === undefined) return true;
    const since = f.conversation.unansweredSince;
    return since != null && ctx.nowMs - Date.parse(since) <= p.withinMinutes * 60_000;
  },
  actual: (_p, f, ctx) => {
    const since = f.conversation.unansweredSince;
    const mins = since ? `, first ${Math.round((ctx.nowMs - Date.parse(since)) / 60_000)} min ago` : '';
    return `${f.conversation.unansweredCount}${mins}`;
  },
  expected: (p) => `unanswered ≥ ${p.min}${p.max !== undefined ? ` and ≤ ${p.max}` : ''}${p.withinMinutes ? ` within ${p.withinMinutes} min` : ''}`,
  describe: (p, l) =>
    l === 'zh'
      ? `客户连续 ${p.max === p.min ? p.min : `≥ ${p.min}`} 条消息未获人工回复${p.withinMinutes ? `（${p.withinMinutes} 分钟内）` : ''}`
      : `${p.max === p.min ? p.min : `≥ ${p.min}`} customer messages without a human reply${p.withinMinutes ? ` within ${p.withinMinutes} min` : ''}`,
});

export const sameContent = def({
  id: 'same_content', group: 'conversation', label: { zh: '重复内容', en: 'Repeated content' },
  params: z.object({ min: z.number().int().min(2).max(50), withinMinutes: z.number().int().min(1).max(24 * 60).default(5) }),
  test: (p, f, ctx) => repeatCount(f, p.withinMinutes, ctx.nowMs) >= p.min,
  actual: (p, f, ctx) => String(repeatCount(f, p.withinMinutes, ctx.nowMs)),
  expected: (p) => `same content ≥ ${p.min} within ${p.withinMinutes} min`,
  describe: (p, l) => (l === 'zh' ? `${p.withinMinutes} 分钟内相同内容 ≥ ${p.min} 次` : `same text ≥ ${p.min} times in ${p.withinMinutes} min`),
});

export const windowCond = def({
  id: 'window', sharedActual: true, group: 'time', label: { zh: '服务时段', en: 'Calendar window' },
  params: z.object({ in: z.array(CalendarWindow).min(1) }),
  test: (p, f) => p.in.includes(f.time.window),
  actual: (_p, f) => f.time.window,
  expected: (p) => `window in ${list(p.in)}`,
  describe: (p, l) => (l === 'zh' ? `时段为 ${names(p.in, l, windowLabel)}` : `window is ${names(p.in, l, windowLabel)}`),
});

export const timeRange = def({
  id: 'time_range', sharedActual: true, group: 'time', label: { zh: '星期/时间段', en: 'Weekday / time range' },
  params: z.object({ weekdays: z.array(z.number().int().min(1).max(7)).min(1).optional(), from: hhmm.optional(), to: hhmm.optional() }),
  check: (p) =>
    (p.from === undefined) !== (p.to === undefined) ? 'from and to go together'
    : p.weekdays === undefined && p.from === undefined ? 'give weekdays, or from and to'
    : p.from !== undefined && p.from === p.to ? 'from and to must differ' : null,
  compile: (p) => ({ weekdays: p.weekdays ?? null, from: p.from ? toMin(p.from) : -1, to: p.to ? toMin(p.to) : -1 }),
  test: (c, f) => {
    if (c.weekdays && !c.weekdays.includes(f.time.weekday)) return false;
    if (c.from < 0) return true;
    const m = f.time.minuteOfDay;
    return c.from <= c.to ? m >= c.from && m < c.to : m >= c.from || m < c.to;
  },
  actual: (_c, f) => `weekday ${f.time.weekday} ${pad(Math.floor(f.time.minuteOfDay / 60))}:${pad(f.time.minuteOfDay % 60)}`,
  expected: (p) => `${p.weekdays ? `weekday in ${list(p.weekdays)} ` : ''}${p.from ? `${p.from}–${p.to}` : ''}`.trim(),
  describe: (p, l) =>
    l === 'zh'
      ? `${p.weekdays ? `周${p.weekdays.join('、')} ` : ''}${p.from ? `${p.from}–${p.to}` : ''}`.trim()
      : `${p.weekdays ? `weekdays ${list(p.weekdays)} ` : ''}${p.from ? `${p.from}–${p.to}` : ''}`.trim(),
});

export const agentStatus = def({
  id: 'agent_status', sharedActual: true, group: 'agent', label: { zh: '客服状态', en: 'Agent status' },
  params: z.object({ in: z.array(z.union([AgentStatus, z.literal('none')])).min(1) }),
  test: (p, f) => p.in.includes(f.agent?.status ?? 'none'),
  actual: (_p, f) => f.agent?.status ?? 'none',
  expected: (p) => `agent status in ${list(p.in)}`,
  describe: (p, l) => (l === 'zh' ? `客服状态为 ${names(p.in, l, statusName)}` : `agent status is ${names(p.in, l, statusName)}`),
});

const flag = (id: string, zh: string, en: string, group: ConditionDef['group'], read: (f: Facts) => boolean) =>
  def({
    id, group, label: { zh, en }, sharedActual: true,
    params: z.object({ value: z.boolean().default(true) }),
    test: (p, f) => read(f) === p.value,
    actual: (_p, f) => String(read(f)),
    expected: (p) => `${id} = ${p.value}`,
    describe: (p, l) => (l === 'zh' ? `${p.value ? '是' : '不是'}${zh}` : `${p.value ? '' : 'not '}${en.toLowerCase()}`),
  });

export const firstMessage = flag('first_message', '会话首条消息', 'First message of the session', 'message', (f) => f.message.isFirstOfSession);
export const assigned = flag('assigned', '会话已由人工接待', 'Session is with a human agent', 'conversation', (f) => Boolean(f.conversation.assignedServicer));
export const probe = flag('probe', '探测消息', 'Probe message', 'message', (f) => f.message.isProbe);

const tagCond = (id: string, zh: string, en: string, group: ConditionDef['group'], read: (f: Facts) => string[]) =>
  def({
    id, group, label: { zh, en }, sharedActual: true,
    params: z.object({ tags: z.array(z.string().min(1).max(32)).min(1) }),
    test: (p, f) => { const tags = read(f); return p.tags.some((t) => tags.includes(t)); },
    actual: (_p, f) => list(read(f)),
    expected: (p) => `${id} any of ${list(p.tags)}`,
    describe: (p, l) => (l === 'zh' ? `${zh}含 ${zhList(p.tags)}` : `${en.toLowerCase()} has any of ${list(p.tags)}`),
  });

export const customerTag = tagCond('customer_tag', '客户标签', 'Customer tag', 'customer', (f) => f.customer.tags);
export const conversationTag = tagCond('conversation_tag', '会话标签', 'Conversation tag', 'conversation', (f) => f.conversation.tags);

export const menuClick = def({
  id: 'menu_click', sharedActual: true, group: 'message', label: { zh: '点击菜单项', en: 'Menu item clicked' },
  params: z.object({ ids: z.array(z.string().min(1).max(64)).min(1) }),
  test: (p, f) => f.message.menuId !== undefined && p.ids.includes(f.message.menuId),
  actual: (_p, f) => f.message.menuId ?? 'none',
  expected: (p) => `menu click in ${list(p.ids)}`,
  describe: (p, l) => (l === 'zh' ? `客户点击菜单项 ${zhList(p.ids)}` : `customer clicked menu item ${list(p.ids)}`),
});

export const faqMatch = def({
  id: 'faq_match', sharedActual: true, group: 'message', label: { zh: '常见问题条目命中', en: 'FAQ entry matches' },
  params: z.object({ via: z.enum(['button', 'text', 'any']).default('any') }),
  test: (p, f) => f.faq?.matched === true && (p.via === 'any' || f.faq.via === p.via),
  actual: (_p, f) => f.faq?.why ?? 'no FAQ lookup',
  expected: (p) => `an FAQ entry answers (${p.via === 'button' ? 'card button' : p.via === 'text' ? 'free text above the threshold' : 'button or free text'})`,
  describe: (p, l) => (l === 'zh'
    ? `常见问题条目命中（${p.via === 'button' ? '卡片按钮' : p.via === 'text' ? '文字达到阈值' : '按钮或文字'}）`
    : `an FAQ entry answers (${p.via === 'button' ? 'card button' : p.via === 'text' ? 'free text above the threshold' : 'button or free text'})`),
});

/** Every condition type, in admin-form order. */
export const CONDITIONS = [
  keywords, intent, emotion, messageLength, unanswered, sameContent, windowCond, timeRange, agentStatus,
  firstMessage, assigned, customerTag, conversationTag, probe, menuClick, faqMatch,
] as const;

export const CONDITION_BY_ID: ReadonlyMap<string, ConditionDef> = new Map(CONDITIONS.map((c) => [c.id, c as ConditionDef]));
