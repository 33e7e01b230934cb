/**
 * @module Why a relay found nobody, in the words a duty manager reads on the alert card: names, not user ids, and
 * statuses in Chinese (“张三切换为请勿打扰”, not “zhangsan went dnd”). The relay job keeps its reason code.
 */
import { eq, inArray } from 'drizzle-orm';
import { first, type Queries } from '../ports/queries';
import { diagnosticResultLabel, statusLabel } from '../../../shared/format/index';
import { AGENT_STATUSES } from '../../../shared/domain/vocabulary';
import { DEDICATED_MANAGER_REASON } from '../relay/plan';

const nameIn = async (q: Queries, userid: string): Promise<string | undefined> =>
  (await first(q.db.select({ n: q.t.agents.name }).from(q.t.agents).where(eq(q.t.agents.userid, userid)).limit(1)))?.n;

type Words = { zh: string; en: string };
type NameOf = (userid: string) => string | undefined;

/** The one userid a reason code names (an agent who went away, or the one a customer returns to), if any. */
function reasonUserid(reason: string): string | undefined {
  const away = /^(\S+) went (\S+)$/.exec(reason);
  if (away) return away[1]!;
  if (reason.startsWith('return_to:')) return reason.slice('return_to:'.length);
  return undefined;
}

function reasonText(reason: string, nameOf: NameOf): Words | null {
  const name = (userid: string) => {
    const n = nameOf(userid);
    return { zh: n ?? '一位同事', en: n ?? 'a colleague' };
  };
  const away = /^(\S+) went (\S+)$/.exec(reason);
  if (away) {
    const who = name(away[1]!);
    const known = (AGENT_STATUSES as readonly string[]).includes(away[2]!);
    return {
      zh: `${who.zh}切换为${known ? statusLabel(away[2]!, 'zh') : '离开'}，TA 接待中的客户需要转接`,
      en: `${who.en} went ${known ? statusLabel(away[2]!, 'en') : 'away'}: their customers need another agent`,
    };
  }
  if (reason.startsWith('return_to:')) {
    const who = name(reason.slice('return_to:'.length));
    return { zh: `转回${who.zh}未成功`, en: `could not return the customer to ${who.en}` };
  }
  if (reason === DEDICATED_MANAGER_REASON) return { zh: '客户的专属客服经理未能接手', en: 'the customer\'s dedicated manager did not take over' };
  if (reason === 'unanswered in the pool') return { zh: '客户在排队中一直无人接待', en: 'the customer waited in the queue unanswered' };
  const fixed = OTHER_REASONS[reason];
  if (fixed) return fixed;
  const late = /^late by (\d+) ms$/.exec(reason);
  if (late) {
    const s = Math.round(Number(late[1]) / 1000);
    return { zh: `定时任务延迟了 ${s} 秒`, en: `the timer ran ${s} s late` };
  }
  return null;
}

/** A relay's reason code in words (zh and en), with names; null for a code that has no words here (either engine). */
export async function relayReasonTextIn(q: Queries, reason: string): Promise<Words | null> {
  const userid = reasonUserid(reason);
  const known = userid === undefined ? undefined : await nameIn(q, userid);
  return reasonText(reason, () => known);
}

/** Escalation, alert and route reasons recorded on diagnostics rows (a manager alert's own reason is already Chinese). */
const OTHER_REASONS: Record<string, Words> = {
  'customer unanswered by a human': { zh: '客户一直没有得到人工回复', en: 'no person has answered the customer' },
  'main channel without response': { zh: '主渠道无人响应', en: 'nobody answered on the main channel' },
  'a human answered on the main channel': { zh: '主渠道有人回复了', en: 'someone answered on the main channel' },
  'duty-manager alert': { zh: '值班主管提醒', en: 'duty manager alert' },
  'weekly forecast': { zh: '每周预测', en: 'weekly forecast' },
};

function resultText(result: string, nameOf: NameOf): Words | null {
  // a recorded userid reads as the person's name; a name recorded as such (tell-who-serves) stays as it is
  const name = (who: string) => nameOf(who) ?? who;
  const zh = diagnosticResultLabel(result, 'zh', name);
  const en = diagnosticResultLabel(result, 'en', name);
  return zh && en ? { zh, en } : null;
}

/**
 * A diagnostics row's result in words (zh and en) with names — WeCom session states by their meaning — or null
 * for a result that has no words (it is shown as recorded). Same reader as the reasons, same formatter; the
 * names the result mentions are read in one query (either engine).
 */
export async function relayResultTextIn(q: Queries, result: string): Promise<Words | null> {
  const asked = new Set<string>();
  resultText(result, (who) => { asked.add(who); return undefined; });
  const names = new Map<string, string>();
  if (asked.size > 0) {
    const { agents: a } = q.t;
    for (const r of await q.db.select({ userid: a.userid, name: a.name }).from(a).where(inArray(a.userid, [...asked]))) names.set(r.userid, r.name);
  }
  return resultText(result, (who) => names.get(who));
}

/** Why a relay found nobody, in the duty manager's words (Chinese, with names). */
export async function relayReasonWords(q: Queries, reason: string): Promise<string> {
  return (await relayReasonTextIn(q, reason))?.zh ?? '会话需要转接';
}
