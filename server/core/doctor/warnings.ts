/**
 * @module What no WeCom API can show, inferred from what Moonshift has seen and reported as diagnostics warnings.
 * Native 欢迎语: WeCom sends `welcome_code` on `enter_session` only to a customer who got no welcome in 48 h and has not
 * written — unless a native 欢迎语 is configured in the 微信客服 console, which silently disables the code (WECOM.md
 * §3.2). So an `enter_session` without `welcome_code` from a customer with nothing in the 48 h before it, and no code
 * seen on that account since, means the console's welcome is on and Moonshift's welcome never goes out.
 */
import { and, asc, eq, gte, lte, ne } from 'drizzle-orm';
import { first, type Queries } from '../ports/queries';

/** `team`: the 微信客服 account (open_kfid) that has the console's 欢迎语 on. */
export interface NativeWelcomeWarning { code: 'native_welcome'; team: string; zh: string; en: string }

const WINDOW_MS = 7 * 86_400_000;
const SESSION_MS = 48 * 3_600_000;

interface EnterEvent { event_type?: string; welcome_code?: string }

export async function nativeWelcomeWarnings(q: Queries, now: number): Promise<NativeWelcomeWarning[]> {
  const { conversations, kfAccounts, messages } = q.t;
  const since = Math.floor((now - WINDOW_MS) / 1000);
  const rows = await q.db.select({ msgid: messages.msgid, conv: messages.conversationId, content: messages.content, sendTime: messages.sendTime, openKfid: conversations.openKfid })
    .from(messages).innerJoin(conversations, eq(messages.conversationId, conversations.id))
    .where(and(eq(messages.msgtype, 'event'), gte(messages.sendTime, since))).orderBy(asc(messages.sendTime), asc(messages.receivedAt), asc(messages.msgid));
  /** Per account: was the latest telling enter_session one without a code? */
  const suspect = new Map<string, boolean>();
  for (const r of rows) {
    const event = JSON.parse(r.content) as EnterEvent;
    if (event.event_type !== 'enter_session') continue;
    if (event.welcome_code) { suspect.set(r.openKfid, false); continue; }
    const earlier = await first(q.db.select({ msgid: messages.msgid }).from(messages)
      .where(and(eq(messages.conversationId, r.conv), ne(messages.msgid, r.msgid), lte(messages.sendTime, r.sendTime), gte(messages.sendTime, r.sendTime - SESSION_MS / 1000)))
      .limit(1));
    if (!earlier) suspect.set(r.openKfid, true);
  }
  const out: NativeWelcomeWarning[] = [];
  for (const [openKfid] of [...suspect].filter(([, on]) => on)) {
    const name = (await first(q.db.select({ name: kfAccounts.name }).from(kfAccounts).where(eq(kfAccounts.openKfid, openKfid)).limit(1)))?.name ?? openKfid;
    out.push({
      code: 'native_welcome' as const, team: openKfid,
      zh: `客服账号「${name}」在微信客服后台设置了欢迎语：企业微信因此不再下发 welcome_code，Moonshift 的欢迎语发不出去。请在 管理后台 → 微信客服 → 「${name}」→ 欢迎语 中关闭它。`,
      en: `The 微信客服 account "${name}" has a native 欢迎语 set in the console: WeCom then sends no welcome_code and Moonshift's welcome never goes out. Turn it off under Admin console → 微信客服 → "${name}" → 欢迎语.`,
    });
  }
  return out;
}
