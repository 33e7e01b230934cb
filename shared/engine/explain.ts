/**
 * @module Trace → short plain-language lines (Chinese or English) for the sidebar "why" view and diagnostics.
 */
import { CONDITION_BY_ID, WINDOW_ZH, STATUS_ZH, type Lang } from './conditions';
import { KIND_ZH } from './actions';
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

const TARGET_ZH: Record<string, string> = { assigned: '专属客服', on_duty: '值班同事', backup: '备岗', queue: '待接入池', user: '指定客服' };
const ACTION_ZH: Record<string, string> = {
  transfer: '转人工', alert_manager: '提醒值班主管', mute: '暂停自动回复', tag: '打标签', follow_up: '定时跟进',
};

/**
 * How ids read in the lines: by default as they are (the admin's diagnostics show them); the sidebar passes
 * people's names and intent labels, and leaves the rule-set version out (`version: false`).
 */
export interface ExplainNames {
  intent?(id: string, lang: Lang): string;
  person?(userid: string): string;
  version?: false;
}

/** A rule's name from the trace itself (rules are traced with their names), else its id. */
const ruleName = (trace: Trace, id: string | undefined): string => trace.rules.find((r) => r.ruleId === id)?.name ?? id ?? '';

function actionDetail(a: ActionTrace, lang: Lang, trace: Trace, names: ExplainNames): string {
  const zh = lang === 'zh';
  const person = (userid: string) => names.person?.(userid) ?? userid;
  switch (a.type) {
    case 'transfer': {
      const to = zh ? (TARGET_ZH[a.detail ?? ''] ?? a.detail) : a.detail;
      return a.userid ? ` → ${to} ${person(a.userid)}` : zh ? ` → ${to}（无人可转）` : ` → ${to} (nobody)`;
    }
    case 'alert_manager': return `${a.userid ? ` → ${person(a.userid)}` : ''}${a.detail ? (zh ? `：${a.detail}` : `: ${a.detail}`) : ''}`;
    case 'mute': return zh ? ` ${a.detail} 分钟` : ` ${a.detail} min`;
    case 'tag': return ` “${a.detail}”`;
    case 'follow_up': return zh ? `（规则「${ruleName(trace, a.detail)}」）` : ` (rule "${ruleName(trace, a.detail)}")`;
    default: return '';
  }
}

function actualZh(f: ConditionFailure): string {
  if (f.type === 'window') return WINDOW_ZH[f.actual] ?? f.actual;
  if (f.type === 'agent_status') return STATUS_ZH[f.actual] ?? f.actual;
  if (f.actual === 'true') return '是';
  if (f.actual === 'false') return '否';
  if (f.actual === 'none matched') return '都不满足';
  if (f.actual === 'none') return '无';
  return f.actual;
}

/** One failing condition in words, e.g. `时段为 夜间 — 实际：工作时间`. */
export function explainFailure(f: ConditionFailure, lang: Lang): string {
  if (f.type === 'any' && f.alternatives) {
    const parts = f.alternatives.map((a) => explainFailure(a, lang));
    return lang === 'zh' ? `以下条件都不满足：${parts.join('；')}` : `none of: ${parts.join('; ')}`;
  }
  if (f.type === 'not') return lang === 'zh' ? `排除条件成立（${f.expected}）` : `excluded condition holds (${f.expected})`;
  const def = CONDITION_BY_ID.get(f.type);
  const want = def ? def.describe(f.params, lang) : f.expected;
  return lang === 'zh' ? `${want} — 实际：${actualZh(f)}` : `${want} — actual: ${f.actual}`;
}

/** Plain-language lines for a trace: header, active guards, rules, actions. `misses: false` drops unmatched rules. */
export function explainTrace(trace: Trace, lang: Lang = 'zh', opts: { misses?: boolean; names?: ExplainNames } = {}): string[] {
  const misses = opts.misses ?? true;
  const names = opts.names ?? {};
  const zh = lang === 'zh';
  const f = trace.facts;
  const intent = names.intent?.(f.intent, lang) ?? f.intent;
  const version = names.version === false ? '' : zh ? `规则版本 ${trace.version} · ` : `rules ${trace.version} · `;
  const lines: string[] = [
    zh
      ? `${version}${WINDOW_ZH[f.window] ?? f.window} · 意图 ${intent}（${f.confidence.toFixed(2)}）· 情绪 ${f.emotion.toFixed(2)} · 客服${STATUS_ZH[f.agentStatus] ?? f.agentStatus}`
      : `${version}${f.window} · intent ${intent} (${f.confidence.toFixed(2)}) · emotion ${f.emotion.toFixed(2)} · agent ${f.agentStatus}`,
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
        if (r.failed && misses) lines.push(zh ? `✗ 规则${name}未触发：${explainFailure(r.failed, lang)}` : `✗ rule ${name} did not fire: ${explainFailure(r.failed, lang)}`);
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
      ? zh ? `发送${KIND_ZH[a.kind as keyof typeof KIND_ZH] ?? a.kind}消息` : `the ${a.kind} message`
      : `${zh ? (ACTION_ZH[a.type] ?? a.type) : a.type.replace('_', ' ')}${actionDetail(a, lang, trace, names)}`;
    if (a.status === 'planned') {
      const instead = a.replaced
        ? zh ? `（代替“${KIND_ZH[a.replaced as keyof typeof KIND_ZH] ?? a.replaced}”：此刻无人可接待）` : ` (instead of the ${a.replaced} message: nobody can take it now)`
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
