/**
 * @module Who can receive a session right now — the one definition every hand-over uses: an agent who is
 * available in Moonshift (在线 or 忙碌) AND not known to be 停止接待 in WeCom for that 微信客服 account. WeCom's
 * own signal (servicer_status_change events, and 95019/95014 answers to a transfer) is recorded per account;
 * with no signal yet, WeCom's answer to the transfer decides (and is then recorded). Ordered like the relay
 * candidates: on-duty posts first, then everyone else available.
 */
import { and, eq } from 'drizzle-orm';
import type { Store } from '../db/index';
import { agents, kfAccounts, kfServicers } from '../db/schema/index';
import { AVAILABLE, invalidateDuty, relayCandidates } from './on-duty';

export interface Receiver { userid: string; name: string }

/** WeCom's 接待中 signal per account: userid → 0 接待中 / 1 停止接待 (list-API encoding). */
function wecomStatuses(store: Store, openKfid: string): Map<string, number | null> {
  return new Map(store.select({ u: kfServicers.userid, s: kfServicers.wecomStatus }).from(kfServicers)
    .where(eq(kfServicers.openKfid, openKfid)).all().map((r) => [r.u, r.s]));
}

export function receiversNow(store: Store, openKfid: string, at: number): Receiver[] {
  const wecom = wecomStatuses(store, openKfid);
  const names = new Map(store.select({ u: agents.userid, n: agents.name, s: agents.status }).from(agents).all()
    .filter((a) => AVAILABLE.includes(a.s)).map((a) => [a.u, a.n]));
  return relayCandidates(store, at, null)
    .filter((u) => names.has(u) && wecom.get(u) !== 1)
    .map((u) => ({ userid: u, name: names.get(u)! }));
}

/** Records WeCom's 接待中 (true) / 停止接待 (false) for `userid` on `openKfid`. */
export function recordServicerStatus(store: Store, openKfid: string, userid: string, receiving: boolean, at: number): void {
  const wecomStatus = receiving ? 0 : 1;
  store.insert(kfAccounts).values({ openKfid, name: openKfid, createdAt: at }).onConflictDoNothing().run();
  store.insert(kfServicers).values({ openKfid, userid, wecomStatus, updatedAt: at })
    .onConflictDoUpdate({ target: [kfServicers.openKfid, kfServicers.userid], set: { wecomStatus, updatedAt: at } }).run();
  invalidateDuty(store);
}

/** Whether WeCom is known to have `userid` 接待中 on `openKfid` (unknown counts as yes). */
export function isReceiving(store: Store, openKfid: string, userid: string): boolean {
  const row = store.select({ s: kfServicers.wecomStatus }).from(kfServicers)
    .where(and(eq(kfServicers.openKfid, openKfid), eq(kfServicers.userid, userid))).get();
  return row?.s !== 1;
}
