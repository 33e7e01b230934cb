/**
 * @module Why a relay found nobody, in the words a duty manager reads on the alert card: names, not user ids, and
 * statuses in Chinese (“张三切换为请勿打扰”, not “zhangsan went dnd”). The relay job keeps its reason code.
 */
import { eq } from 'drizzle-orm';
import type { Store } from '../db/index';
import { agents } from '../db/schema/index';
import { statusLabel } from '../../shared/format/index';
import { AGENT_STATUSES } from '../../shared/domain/vocabulary';
import { DEDICATED_MANAGER_REASON } from '../relay/plan';

const nameOf = (store: Store, userid: string): string =>
  store.select({ n: agents.name }).from(agents).where(eq(agents.userid, userid)).get()?.n ?? '一位同事';

export function relayReasonWords(store: Store, reason: string): string {
  const away = /^(\S+) went (\S+)$/.exec(reason);
  if (away) return `${nameOf(store, away[1]!)}切换为${(AGENT_STATUSES as readonly string[]).includes(away[2]!) ? statusLabel(away[2]!, 'zh') : '离开'}，TA 接待中的客户需要转接`;
  if (reason.startsWith('return_to:')) return `转回${nameOf(store, reason.slice('return_to:'.length))}未成功`;
  if (reason === DEDICATED_MANAGER_REASON) return '客户的专属客服经理未能接手';
  if (reason === 'unanswered in the pool') return '客户在排队中一直无人接待';
  return '会话需要转接';
}
