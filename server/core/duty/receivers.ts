/**
 * @module Who can receive a session right now — the one definition every hand-over uses: an agent who is
 * available in Moonshift (在线 or 忙碌) AND not known to be 停止接待 in WeCom for that 微信客服 account, nor
 * recently answered "not a servicer of this account" (95014: e.g. another team's agent). WeCom's own signal
 * (servicer_status_change events, and 95019/95014 answers to a transfer) is recorded per account; with no
 * signal yet, WeCom's answer to the transfer decides (and is then recorded). Ordered like the relay candidates:
 * the on-duty A post first, then the least loaded; nobody at the per-agent session cap (server/core/duty/load.ts).
 */
import { and, eq, gt, like } from 'drizzle-orm';
import { first, type Queries } from '../ports/queries';
import type { Tx } from '../ports/unit-of-work';
import { availableAgentsIn, invalidateDutyIn, memoisedIn, relayCandidatesIn } from './on-duty';
import { reusableQuery } from '../ports/reusable-query';
import { capacityNowIn, type Capacity } from './load';

/**
 * 95014 answers: `openKfid userid` → until when the person is not tried for that account again. Kept in the
 * database's replay memory (scope `not_servicer`, shared by every instance), not as a `kf_servicers` row — that
 * list is also who may see the account's conversations (`server/core/access/viewer.ts`). It is a cache of WeCom's
 * answer. An hour, because an admin may add the person to the account's servicers meanwhile (WeCom then sends
 * their status, which clears it).
 */
const NOT_SERVICER_MS = 60 * 60_000;
const NOT_SERVICER = 'not_servicer';
const notServicerKey = (openKfid: string, userid: string) => `${openKfid} ${userid}`;

export interface Receiver { userid: string; name: string }

/**
 * Who answered 95014 for `openKfid` and is still remembered at `at`. Keys `${openKfid} …` are matched with LIKE
 * (the `%`/`_` of an id, and SQLite's case-insensitive LIKE, can only widen it) and then exactly: a range on the
 * key would depend on PostgreSQL's collation, which may ignore the space.
 */
const notServicerRows = reusableQuery('receivers_not_servicers', ['at', 'pattern'], ({ db, t: { replayMemory: m } }, p) =>
  db.select({ k: m.key }).from(m).where(and(eq(m.scope, NOT_SERVICER), gt(m.expiresAt, p.at), like(m.key, p.pattern))));
const servicerRows = reusableQuery('receivers_servicers', ['openKfid'], ({ db, t: { kfServicers: s } }, p) =>
  db.select({ u: s.userid, s: s.wecomStatus }).from(s).where(eq(s.openKfid, p.openKfid)));

async function notServicersIn(q: Queries, openKfid: string, at: number): Promise<Set<string>> {
  const prefix = `${openKfid} `;
  const rows = await notServicerRows(q, { at, pattern: `${prefix}%` });
  return new Set(rows.filter((r) => r.k.startsWith(prefix)).map((r) => r.k.slice(prefix.length)));
}

/**
 * Whether `u` may be given a session of `openKfid` as far as WeCom is known to allow (接待中, a servicer). Read for
 * every open-hours message: memoised with duty (every write of these records invalidates it).
 */
function wecomAllowsIn(q: Queries, openKfid: string, at: number): Promise<(u: string) => boolean> {
  return memoisedIn(q, `allows ${openKfid}`, at, async () => {
    const wecom = new Map((await servicerRows(q, { openKfid })).map((r) => [r.u, r.s]));
    const refused = await notServicersIn(q, openKfid, at);
    return (u: string) => wecom.get(u) !== 1 && !refused.has(u);
  });
}


/**
 * Who can be given a session of `openKfid` now, in assignment order (duty A post, then least loaded; nobody at
 * the session cap). `holder`, the person who already has the session, stays a receiver at the cap (keeping it
 * adds no load) as long as they can receive at all.
 */
export async function receiversNowIn(q: Queries, openKfid: string, at: number, holder: string | null = null): Promise<Receiver[]> {
  const available = await availableAgentsIn(q, at);
  if (available.length === 0) return []; // nobody is 在线 or 忙碌 (the night): nothing else to read
  const names = new Map(available.map((a) => [a.userid, a.name]));
  const allows = await wecomAllowsIn(q, openKfid, at);
  const ids = await relayCandidatesIn(q, at, null, available);
  if (holder && !ids.includes(holder)) ids.push(holder);
  return ids.filter((u) => names.has(u) && allows(u)).map((u) => ({ userid: u, name: names.get(u)! }));
}

/** Whether everyone who could otherwise receive a session of `openKfid` is at the session cap (and the expected wait). */
export async function capacityForIn(q: Queries, openKfid: string, at: number): Promise<Capacity> {
  const available = await availableAgentsIn(q, at);
  if (available.length === 0) return capacityNowIn(q, []);
  const allows = await wecomAllowsIn(q, openKfid, at);
  return capacityNowIn(q, available.map((a) => a.userid).filter(allows)); // who, not in which order
}

async function forgetNotServicerIn(tx: Tx, openKfid: string, userid: string): Promise<void> {
  const { replayMemory: m } = tx.t;
  await tx.db.delete(m).where(and(eq(m.scope, NOT_SERVICER), eq(m.key, notServicerKey(openKfid, userid))));
}

/** Records WeCom's 接待中 (true) / 停止接待 (false) for `userid` on `openKfid`. */
export async function recordServicerStatusIn(tx: Tx, openKfid: string, userid: string, receiving: boolean, at: number): Promise<void> {
  const wecomStatus = receiving ? 0 : 1;
  const { kfAccounts: accounts, kfServicers: s } = tx.t;
  await forgetNotServicerIn(tx, openKfid, userid);
  await tx.db.insert(accounts).values({ openKfid, name: openKfid, createdAt: at }).onConflictDoNothing();
  await tx.db.insert(s).values({ openKfid, userid, wecomStatus, updatedAt: at })
    .onConflictDoUpdate({ target: [s.openKfid, s.userid], set: { wecomStatus, updatedAt: at } });
  invalidateDutyIn(tx);
}

/**
 * WeCom refused to give `userid` a session of `openKfid`: 95019 (a servicer, but 停止接待 / paused) is recorded
 * as not receiving; 95014 (not a servicer of this account) is remembered for a while and removes any servicer
 * row — the person must never become one of the account's servicers (and so see its conversations) by it.
 */
export async function recordRefusalIn(tx: Tx, openKfid: string, userid: string, errcode: number, at: number): Promise<void> {
  if (errcode === 95014) {
    const { kfServicers: s, replayMemory: m } = tx.t;
    await tx.db.delete(s).where(and(eq(s.openKfid, openKfid), eq(s.userid, userid)));
    const expiresAt = at + NOT_SERVICER_MS;
    await tx.db.insert(m).values({ scope: NOT_SERVICER, key: notServicerKey(openKfid, userid), expiresAt })
      .onConflictDoUpdate({ target: [m.scope, m.key], set: { expiresAt } });
    invalidateDutyIn(tx);
  } else {
    await recordServicerStatusIn(tx, openKfid, userid, false, at);
  }
}

/** Whether WeCom is known to have `userid` 接待中 on `openKfid` (unknown counts as yes). */
export async function isReceiving(q: Queries, openKfid: string, userid: string): Promise<boolean> {
  const { kfServicers: s } = q.t;
  const row = await first(q.db.select({ s: s.wecomStatus }).from(s).where(and(eq(s.openKfid, openKfid), eq(s.userid, userid))).limit(1));
  return row?.s !== 1;
}
