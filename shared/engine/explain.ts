/**
 * @module Trace → short plain-language lines (Chinese or English) for the sidebar "why" view and diagnostics.
 * Every word of the domain (window, status, intent, template kind) is said by `shared/format`, in both languages;
 * templates and people by their names when the caller knows them.
 */
import { CONDITION_BY_ID, type Lang } from './conditions';
import { intentLabel, statusLabel, templateKindLabel, windowLabel } from '../format/index';
import type { ActionTrace, ConditionFailure, GuardId, Trace } from './types';

const GUARD_TEXT: Record<GuardId, { zh: string; en: string }> = {
  probe: { zh: '探测消息：只演练，不会真正发送', en: 'probe message: dry run, nothing is sent' },
  follow_up_answered: { zh: '跟进检查：已有人工回复，无需处理', en: 'follow-up: a human already answered' },
  muted: { zh: '会话已暂停自动回复（转人工和提醒仍会执行）', en: 'auto-replies are muted (transfers and alerts still run)' },
  human_recent: { zh: '人工刚刚回复过，暂不自动回复', en: 'a human replied recently: no auto-reply' },
  repeat_flood: { zh: '客户重复发送相同内容：只发一次“转人工”选项，随后静音', en: 'same content repeated: one transfer offer, then mute' },
  emotion_escalation: { zh: '客户情绪升高：紧急流程提前执行', en: 'emotion rising: emergency flow runs first' },
  off_hours_once: { zh: '本时段已发过非工作时间提示', en: 'off-hours notice already sent for this window' },
  offer_once: { zh: '“转人工”选项已发过', en: 'transfer offer already sent' },
  duplicate: { zh: '与前面的动作重复', en: 'duplicate of an earlier action' },
  quota: { zh: '超过企业微信发送额度', en: 'over the WeCom send quota' },
  nobody_available: { zh: '此刻没有在线且正在接待的同事：不转接，如实告诉客户', en: 'nobody online and receiving right now: no transfer, the customer is told so' },
};

type Pair = { zh: string; en: string };
const TARGET: Record<string, Pair> = {
  assigned: { zh: '专属客服', en: 'the dedicated agent' }, on_duty: { zh: '值班同事', en: 'the colleague on duty' },
  backup: { zh: '备岗', en: 'the backup post' }, queue: { zh: '待接入池', en: 'the waiting queue' }, user: { zh: '指定客服', en: 'a chosen agent' },
};
const ACTION: Record<string, Pair> = {
  transfer: { zh: '转人工', en: 'transfer' }, alert_manager: { zh: '提醒值班主管', en: 'alert the duty manager' },
  mute: { zh: '暂停自动回复', en: 'mute auto-replies' }, tag: { zh: '打标签', en: 'tag' }, follow_up: { zh: '定时跟进', en: 'follow up' },
};
const say = (table: Record<string, Pair>, key: string | undefined, lang: Lang, fallback: Pair): string => (table[key ?? ''] ?? fallback)[lang];

/**
 * How ids read in the lines. Windows, statuses and template kinds always by their names; intents by the default
 * pack's labels unless `intent` knows more (admins' own intents); people and templates by the names the caller
 * passes (else as they are); the rule-set version is left out with `version: false`.
 */
export interface ExplainNames {
  intent?(id: string, lang: Lang): string;
  person?(userid: string): string;
  /** A template's name for its id (null or undefined when unknown: the kind's name is said instead). */
  template?(id: string): string | null | undefined;
  /** A menu button's words for its click id (undefined when unknown: the id is said). */
  menu?(id: string): string | undefined;
  version?: false;
}

const intentName = (id: string, lang: Lang, names: ExplainNames) => names.intent?.(id, lang) ?? intentLabel(id, lang);
const agentStatusName = (s: string, lang: Lang) => (s === 'none' ? (lang === 'zh' ? '无' : 'nobody') : statusLabel(s, lang));

/** A send as people read it: its template by name when known (发送「午休回复」), else by its kind (发送夜间消息). */
function sendText(kind: string, templateId: string | undefined, lang: Lang, names: ExplainNames): string {
  const named = templateId ? names.template?.(templateId) : null;
  if (named) return lang === 'zh' ? `发送「${named}」` : `the "${named}" message`;
  return lang === 'zh' ? `发送${templateKindLabel(kind, lang)}消息` : `the "${templateKindLabel(kind, lang)}" message`;
}

/** A rule's name from the trace itself (rules are traced with their names), else its id. */
const ruleName = (trace: Trace, id: string | undefined): string => trace.rules.find((r) => r.ruleId === id)?.name ?? id ?? '';

function actionDetail(a: ActionTrace, lang: Lang, trace: Trace, names: ExplainNames): string {
  const zh = lang === 'zh';
  const person = (userid: string) => names.person?.(userid) ?? userid;
  switch (a.type) {
    case 'transfer': {
      const to = say(TARGET, a.detail, lang, { zh: a.detail ?? '', en: a.detail ?? '' });
      return a.userid ? ` → ${to} ${person(a.userid)}` : zh ? ` → ${to}（无人可转）` : ` → ${to} (nobody)`;
    }
    case 'alert_manager': return `${a.userid ? ` → ${person(a.userid)}` : ''}${a.detail ? (zh ? `：${a.detail}` : `: ${a.detail}`) : ''}`;
    case 'mute': return zh ? ` ${a.detail} 分钟` : ` ${a.detail} min`;
    case 'tag': return ` “${a.detail}”`;
    case 'follow_up': return zh ? `（规则「${ruleName(trace, a.detail)}」）` : ` (rule "${ruleName(trace, a.detail)}")`;
    default: return '';
  }
}

/** The value a condition found, in words: windows, statuses and intents by name, yes/no in Chinese. */
function actualText(f: ConditionFailure, lang: Lang, names: ExplainNames): string {
  if (f.type === 'window') return windowLabel(f.actual, lang);
  if (f.type === 'agent_status') return agentStatusName(f.actual, lang);
  if (f.type === 'intent') {
    const m = /^(\S+) (\(.*\))$/.exec(f.actual); // "refund (0.93)"
    return m ? `${intentName(m[1]!, lang, names)} ${m[2]}` : f.actual;
  }
  if (f.type === 'menu_click' && f.actual !== 'none') return names.menu?.(f.actual) ? `“${names.menu(f.actual)}”` : f.actual;
  if (f.type === 'faq_match' && f.actual === 'no FAQ lookup') return lang === 'zh' ? '未查常见问题' : 'no FAQ lookup';
  if (lang === 'en') return f.actual;
  if (f.actual === 'true') return '是';
  if (f.actual === 'false') return '否';
  if (f.actual === 'none matched') return '都不满足';
  if (f.actual === 'none') return '无';
  return f.actual;
}

/** What a condition asks for, in words; an intent condition names its intents as the caller knows them. */
function wanted(f: ConditionFailure, lang: Lang, names: ExplainNames): string {
  const def = CONDITION_BY_ID.get(f.type);
  if (!def) return f.expected;
  const sep = lang === 'zh' ? '、' : ', ';
  if (f.type === 'intent' && names.intent) {
    const p = f.params as { in: string[]; minConfidence?: number };
    const list = p.in.map((id) => intentName(id, lang, names)).join(sep);
    return lang === 'zh' ? `意图为 ${list}（置信度 ≥ ${p.minConfidence ?? 0.6}）` : `intent is ${list} (confidence ≥ ${p.minConfidence ?? 0.6})`;
  }
  if (f.type === 'menu_click' && names.menu) {
    const list = (f.params as { ids: string[] }).ids.map((id) => (names.menu?.(id) ? `“${names.menu(id)}”` : id)).join(sep);
    return lang === 'zh' ? `客户点击菜单项 ${list}` : `customer clicked menu item ${list}`;
  }
  return def.describe(f.params, lang);
}

/** One failing condition in words, e.g. `时段为 夜间 — 实际：工作时间` / `window is Night — actual: Open hours`. */
export function explainFailure(f: ConditionFailure, lang: Lang, names: ExplainNames = {}): string {
  if (f.type === 'any' && f.alternatives) {
    const parts = f.alternatives.map((a) => explainFailure(a, lang, names));
    return lang === 'zh' ? `以下条件都不满足：${parts.join('；')}` : `none of: ${parts.join('; ')}`;
  }
  if (f.type === 'not') {
    const inner = typeof f.params.type === 'string' && CONDITION_BY_ID.has(f.params.type)
      ? wanted({ ...f, type: f.params.type }, lang, names) : f.expected;
    return lang === 'zh' ? `排除条件成立（${inner}）` : `excluded condition holds (${inner})`;
  }
  return lang === 'zh' ? `${wanted(f, lang, names)} — 实际：${actualText(f, lang, names)}` : `${wanted(f, lang, names)} — actual: ${actualText(f, lang, names)}`;
}

/** Plain-language lines for a trace: header, active guards, rules, actions. `misses: false` drops unmatched rules. */
export function explainTrace(trace: Trace, lang: Lang = 'zh', opts: { misses?: boolean; names?: ExplainNames } = {}): string[] {
  const misses = opts.misses ?? true;
  const names = opts.names ?? {};
  const zh = lang === 'zh';
  const f = trace.facts;
  const intent = intentName(f.intent, lang, names);
  const version = names.version === false ? '' : zh ? `规则版本 ${trace.version} · ` : `rules ${trace.version} · `;
  const lines: string[] = [
    zh
      ? `${version}${windowLabel(f.window, lang)} · 意图 ${intent}（${f.confidence.toFixed(2)}）· 情绪 ${f.emotion.toFixed(2)} · 客服${agentStatusName(f.agentStatus, lang)}`
      : `${version}${windowLabel(f.window, lang)} · intent ${intent} (${f.confidence.toFixed(2)}) · emotion ${f.emotion.toFixed(2)} · agent ${agentStatusName(f.agentStatus, lang)}`,
  ];
  // the FAQ lookup's reason (its words are the admin's Chinese entry names, in either language)
  if (f.faq) lines.push(zh ? `常见问题：${f.faq}` : `FAQ: ${f.faq}`);
  for (const g of trace.guards) if (g.active && g.guard !== 'duplicate') lines.push(`⚑ ${GUARD_TEXT[g.guard][lang]}`);
  let skipped = 0;
  let stoppedBy = '';
  for (const r of trace.rules) {
    const name = zh ? `「${r.name}」` : `"${r.name}"`;
    switch (r.outcome) {
      case 'fired':
        lines.push(zh ? `✓ 规则${name}触发${r.matched ? `（命中 ${r.matched.join('、')}）` : ''}${r.stop ? '，并停止后续规则' : ''}`
          : `✓ rule ${name} fired${r.matched ? ` (matched ${r.matched.join(', ')})` : ''}${r.stop ? ', stopping later rules' : ''}`);
        break;
      case 'forced':
        lines.push(zh ? `! 规则${name}因情绪升高提前执行` : `! rule ${name} forced early by rising emotion`);
        break;
      case 'not_matched':
        if (r.failed && misses) lines.push(zh ? `✗ 规则${name}未触发：${explainFailure(r.failed, lang, names)}` : `✗ rule ${name} did not fire: ${explainFailure(r.failed, lang, names)}`);
        break;
      case 'disabled':
        lines.push(zh ? `– 规则${name}已停用` : `– rule ${name} is disabled`);
        break;
      case 'skipped_stop':
        skipped++;
        stoppedBy = r.stoppedBy ?? '';
        break;
      case 'skipped_trigger':
        break;
    }
  }
  if (skipped) lines.push(zh ? `– 其余 ${skipped} 条规则未评估：规则「${ruleName(trace, stoppedBy)}」设置了“停止”` : `– ${skipped} later rule(s) skipped: "${ruleName(trace, stoppedBy)}" stopped evaluation`);
  for (const a of trace.actions) {
    const what = a.kind
      ? sendText(a.kind, a.templateId, lang, names)
      : `${say(ACTION, a.type, lang, { zh: a.type, en: a.type.replace(/_/g, ' ') })}${actionDetail(a, lang, trace, names)}`;
    if (a.status === 'planned') {
      const instead = a.replaced
        ? zh ? `（代替“${templateKindLabel(a.replaced, lang)}”：此刻无人可接待）` : ` (instead of the "${templateKindLabel(a.replaced, lang)}" message: nobody can take it now)`
        : '';
      lines.push(`→ ${!zh && a.kind ? 'send ' : ''}${what}${instead}${trace.dryRun ? (zh ? '（演练）' : ' (dry run)') : ''}`);
    } else {
      const why = a.guard ? GUARD_TEXT[a.guard][lang] : (a.reason ?? '');
      lines.push(zh ? `⊘ 未${what}：${why}` : `⊘ ${what} held back: ${why}`);
    }
  }
  if (!trace.actions.some((a) => a.status === 'planned')) lines.push(zh ? '（本条消息不自动处理）' : '(no automatic action for this message)');
  return lines;
}
