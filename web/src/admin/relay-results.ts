/**
 * @module The relay worker's results (server/relay/worker.ts records them in English for logs and CSV) as the
 * diagnostics page says them. A result not listed here is shown as recorded.
 */
const ZH: Record<string, string> = {
  'moved': '已转接',
  'already moved (retry)': '已转接（重试确认）',
  'conversation missing': '会话不存在',
  'no candidate took it: stays in the pool; duty manager alerted': '无人接手：留在待接入池，已提醒值班主管',
  'no candidate; pool not reachable from state 3: duty manager alerted': '无人可接，且无法转入待接入池：已提醒值班主管',
  'nobody can receive now: stays with the bot; duty manager alerted': '此刻无人可接待：由机器人继续应答，已提醒值班主管',
  'planned': '已计划',
  'refused: next candidate': '被拒绝，改找下一位',
  'reported, not run': '仅记录，未执行',
  'returning agent refused: stays where it is': '原客服拒绝接回：保持不变',
  'skipped: no longer with the agent': '已跳过：会话已不在该客服处',
  'temporary error: retry': '临时错误，稍后重试',
};

const EN: Record<string, string> = {
  'moved': 'moved',
  'already moved (retry)': 'already moved (retry)',
  'conversation missing': 'conversation missing',
  'no candidate took it: stays in the pool; duty manager alerted': 'nobody took it: stays in the pool; duty manager alerted',
  'no candidate; pool not reachable from state 3: duty manager alerted': 'nobody; pool not reachable: duty manager alerted',
  'nobody can receive now: stays with the bot; duty manager alerted': 'nobody can receive now: stays with the bot; duty manager alerted',
  'planned': 'planned',
  'refused: next candidate': 'refused: next candidate',
  'reported, not run': 'reported, not run',
  'returning agent refused: stays where it is': 'returning agent refused: stays where it is',
  'skipped: no longer with the agent': 'skipped: no longer with the agent',
  'temporary error: retry': 'temporary error: retry',
};

export const relayResultText = (result: string, locale: string): string => (locale === 'en' ? EN : ZH)[result] ?? result;
