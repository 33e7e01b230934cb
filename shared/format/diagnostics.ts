/**
 * @module The results the relay worker, escalation handlers, alert queue and timers record on a diagnostics row
 * (in English, for logs and CSV) as people read them, in Chinese or English. Pure: a name comes from `name`
 * (userid or recorded name → a person's name); the server's reader (server/core/alerts/relay-words.ts) supplies it.
 */
import { serviceStateLabel, type Pair } from './words';

const RESULT: Record<string, Pair> = {
  'moved': { zh: '已转接', en: 'moved' },
  'already moved (retry)': { zh: '已转接（重试确认）', en: 'already moved (retry)' },
  'conversation missing': { zh: '会话不存在', en: 'conversation missing' },
  'no candidate took it: stays in the pool; duty manager alerted': { zh: '无人接手：留在待接入池，已提醒值班主管', en: 'nobody took it: stays in the pool; duty manager alerted' },
  'no candidate; pool not reachable from state 3: duty manager alerted': { zh: '无人可接，且由人工接待的会话无法转入待接入池：已提醒值班主管', en: 'nobody can take it, and a conversation with a human agent cannot go back to the pool: duty manager alerted' },
  'nobody can receive now: stays with the bot; duty manager alerted': { zh: '此刻无人可接待：由机器人继续应答，已提醒值班主管', en: 'nobody can receive now: stays with the bot; duty manager alerted' },
  'planned': { zh: '已计划', en: 'planned' },
  'refused: next candidate': { zh: '被拒绝，改找下一位', en: 'refused: next candidate' },
  'reported, not run': { zh: '仅记录，未执行', en: 'reported, not run' },
  'returning agent refused: stays where it is': { zh: '原客服拒绝接回：保持不变', en: 'returning agent refused: stays where it is' },
  'skipped: no longer with the agent': { zh: '已跳过：会话已不在该客服处', en: 'skipped: no longer with the agent' },
  'temporary error: retry': { zh: '临时错误，稍后重试', en: 'temporary error: retry' },
  'failed': { zh: '失败', en: 'failed' },
  'with a person who can answer: left to them': { zh: '客户正由能回复的同事接待：不做处理', en: 'with someone who can answer: left to them' },
  'transfer to dedicated manager planned': { zh: '已计划转给专属客服经理', en: 'transfer to the dedicated manager planned' },
  'waiting in the pool: transfer to the on-duty agent planned': { zh: '客户在待接入池排队中：已计划转给值班客服', en: 'waiting in the queue: transfer to the on-duty agent planned' },
  'waiting in the pool and nobody on duty is available': { zh: '客户在待接入池排队中，值班人员都不可接待', en: 'waiting in the queue and nobody on duty is available' },
  'no faq_card template': { zh: '没有常见问题卡片模板，未发送', en: 'no FAQ card template: not sent' },
  'faq card planned': { zh: '已计划发送常见问题卡片', en: 'FAQ card planned' },
  'faq card already sent in this stretch': { zh: '本轮已发送过常见问题卡片', en: 'FAQ card already sent in this stretch' },
  'new requests routed to the backup channel': { zh: '新咨询已转到备用渠道', en: 'new requests routed to the backup channel' },
  'backup channel already active': { zh: '备用渠道已在使用中', en: 'backup channel already in use' },
  'back to the main channel': { zh: '已切回主渠道', en: 'back to the main channel' },
  'no duty manager configured': { zh: '未设置值班主管，无法提醒', en: 'no duty manager set: nobody alerted' },
  'queued': { zh: '已排队发送', en: 'queued' },
  'deduplicated (this stage already alerted in this window)': { zh: '已合并：本阶段此时段内已提醒过', en: 'merged: this stage was already alerted in this window' },
  'already queued this week': { zh: '本周已排队发送', en: 'already queued this week' },
  'sent': { zh: '已发送', en: 'sent' },
  'send failed': { zh: '发送失败', en: 'send failed' },
};

/**
 * A recorded result in words, or null when it has none here (it is then shown as recorded). `name` turns a
 * userid (or a name already recorded) into the person's name.
 */
export function diagnosticResultLabel(result: string, locale: string, name: (who: string) => string): string | null {
  const en = locale === 'en';
  const fixed = RESULT[result];
  if (fixed) return en ? fixed.en : fixed.zh;
  const state = /^faq card not sendable in state (\d+)$/.exec(result);
  if (state) {
    const s = serviceStateLabel(Number(state[1]), locale);
    return en ? `FAQ card not sent: the conversation is ${s}` : `会话${s}，常见问题卡片无法发送`;
  }
  const coalesced = /^sent \(coalesced (\d+)\)$/.exec(result);
  if (coalesced) return en ? `sent (${coalesced[1]} alerts in one card)` : `已发送（${coalesced[1]} 条提醒合并为一张卡片）`;
  const told = /^customer told: (.+) serves them now$/.exec(result);
  if (told) return en ? `customer told ${name(told[1]!)} serves them now` : `已告知客户由${name(told[1]!)}接待`;
  const notTold = /^customer not told by the bot \((no template|WeCom gave no msg_code)\): (.+)'s first reply introduces them$/.exec(result);
  if (notTold) {
    const who = name(notTold[2]!);
    return en
      ? `customer not told by the bot (${notTold[1] === 'no template' ? 'no template' : 'WeCom gave no message code'}): ${who}'s first reply introduces them`
      : `机器人未告知客户（${notTold[1] === 'no template' ? '没有模板' : '企业微信未返回消息码'}）：由${who}在首条回复中自我介绍`;
  }
  const handover = /^(\S+) cannot receive: to (\S+)$/.exec(result);
  if (handover) return en ? `${name(handover[1]!)} cannot receive: to ${name(handover[2]!)}` : `${name(handover[1]!)}无法接待：转给${name(handover[2]!)}`;
  const both = /^(.+?); (customer (?:not )?told.*)$/.exec(result);
  if (both) {
    const a = diagnosticResultLabel(both[1]!, locale, name);
    const b = diagnosticResultLabel(both[2]!, locale, name);
    if (a && b) return en ? `${a}; ${b}` : `${a}；${b}`;
  }
  return null;
}
