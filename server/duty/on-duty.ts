/**
 * @module Who is on duty now: the person urgent cases, relays, 活码 and profile walls point at. Computed from
 * the duty groups' rotation (org time zone), their A post (primary) and B post (backup), and agents' own
 * statuses. Without any duty group, the on-duty agent is the online agent who has been online longest.
 * Assignment order and the per-agent session cap: `availableInOrderIn` / `relayCandidatesIn`. Every reader is
 * async on the unit of work (`q: Queries`); the synchronous twins below stay, deprecated, for the callers not
 * converted yet.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import type { Store } from '../db/index';
import { agents, dutyGroups, type DutyGroup } from '../db/schema/index';
import type { AgentStatus } from '../../shared/domain/vocabulary';
import { parseRotation, rotationCovers } from './rotation';
import { calendarFor, calendarForIn } from '../config/calendar';
import { sessionCap, sessionCapIn, sessionLoads, sessionLoadsIn } from './load';
import { connectionOf } from '../db/connection';
import { first, type Queries } from '../core/ports/queries';
import type { Tx } from '../core/ports/unit-of-work';

export interface OnDuty { userid: string; name: string }
export interface PostHolder { userid: string; name: string; status: AgentStatus; available: boolean }
export interface DutyNow {
  group: DutyGroup | null;
  primary: PostHolder | null;
  backup: PostHolder | null;
  manager: PostHolder | null;
  /** The person new conversations go to: A if available, else B, else the next candidate. */
  current: OnDuty | null;
}

/** Statuses in which an agent can take conversations. */
export const AVAILABLE: readonly AgentStatus[] = ['online', 'busy'];

export interface DutyManager { userid: string; phone: string | null; groupId: number }

const covering = (at: number, timeZone: string) => (g: DutyGroup) => { const r = parseRotation(g.rotation); return r !== null && rotationCovers(r, at, timeZone); };

async function holdersIn(q: Queries, userids: (string | null)[]): Promise<Map<string, PostHolder>> {
  const ids = [...new Set(userids.filter((u): u is string => !!u))];
  if (ids.length === 0) return new Map();
  const { agents: a } = q.t;
  const rows = await q.db.select({ userid: a.userid, name: a.name, status: a.status }).from(a).where(inArray(a.userid, ids));
  return new Map(rows.map((r) => [r.userid, { ...r, available: AVAILABLE.includes(r.status) }]));
}

/** Enabled duty groups, preferred first. */
function enabledGroupsIn(q: Queries): Promise<DutyGroup[]> {
  const { dutyGroups: g } = q.t;
  return q.db.select().from(g).where(eq(g.enabled, true)).orderBy(asc(g.position), asc(g.id));
}

/** Enabled groups whose rotation covers `at`, preferred first. */
export async function onDutyGroupsIn(q: Queries, at: number): Promise<DutyGroup[]> {
  const tz = (await calendarForIn(q)).timeZone;
  return (await enabledGroupsIn(q)).filter(covering(at, tz));
}

export interface AvailableAgent { userid: string; name: string }

/** The agents who can take conversations (an available status), online before busy, longest in that status first. */
export async function availableAgentsIn(q: Queries): Promise<AvailableAgent[]> {
  const { agents: a } = q.t;
  return (await q.db.select({ userid: a.userid, name: a.name, status: a.status }).from(a).where(inArray(a.status, [...AVAILABLE]))
    .orderBy(asc(a.statusChangedAt), asc(a.userid)))
    .sort((x, y) => AVAILABLE.indexOf(x.status) - AVAILABLE.indexOf(y.status)).map((r) => ({ userid: r.userid, name: r.name }));
}

async function inOrder(q: Queries, at: number, loads: Map<string, number>, available: readonly AvailableAgent[]): Promise<string[]> {
  const tz = (await calendarForIn(q)).timeZone;
  const groups = await enabledGroupsIn(q);
  const covers = covering(at, tz);
  const onDuty = groups.filter(covers);
  const others = groups.filter((g) => !covers(g));
  const aPosts = onDuty.map((g) => g.primaryUserid);
  const posts = [...onDuty.map((g) => g.backupUserid), ...others.flatMap((g) => [g.backupUserid, g.primaryUserid])];
  const rest = available.map((r) => r.userid);
  const availableIds = new Set(rest);
  const isAvailable = (u: string | null): u is string => !!u && availableIds.has(u);
  const head = [...new Set(aPosts.filter(isAvailable))];
  const tail = [...new Set([...posts.filter(isAvailable), ...rest])].filter((u) => !head.includes(u));
  // stable sort: equal loads keep the duty order
  tail.sort((x, y) => (loads.get(x) ?? 0) - (loads.get(y) ?? 0));
  return [...head, ...tail];
}

/**
 * Everyone who can take conversations now, in assignment order: the on-duty groups' A posts first, then every
 * other available agent, least loaded first (sessions held in state 3); ties keep the duty order — on-duty B
 * posts, the other groups' B then A posts, then online before busy, longest in that status first. The cap is not
 * applied here (see `relayCandidatesIn`). `available`: the agents as `availableAgentsIn` read them, when the caller has them.
 */
export async function availableInOrderIn(q: Queries, at: number, loads?: Map<string, number>, available?: readonly AvailableAgent[]): Promise<string[]> {
  return inOrder(q, at, loads ?? await sessionLoadsIn(q), available ?? await availableAgentsIn(q));
}

/**
 * Candidates for taking over or being given a session, in assignment order (`availableInOrderIn`), without
 * anyone at the per-agent session cap and never `exclude`. After the last candidate comes the pool (state 2).
 * The one picker: the engine's receivers, relays, escalations and the duty view all read it. `planned`: sessions
 * already planned to go to someone in this same batch (counted as their load, so a batch spreads out).
 */
export async function relayCandidatesIn(q: Queries, at: number, exclude: string | null, planned?: ReadonlyMap<string, number>, available?: readonly AvailableAgent[]): Promise<string[]> {
  const loads = await sessionLoadsIn(q);
  for (const [u, n] of planned ?? []) loads.set(u, (loads.get(u) ?? 0) + n);
  const cap = await sessionCapIn(q);
  return (await inOrder(q, at, loads, available ?? await availableAgentsIn(q))).filter((u) => u !== exclude && (loads.get(u) ?? 0) < cap);
}

/** Synchronous twin of `holdersIn`, for the deprecated synchronous readers below. */
function holders(store: Store, userids: (string | null)[]): Map<string, PostHolder> {
  const ids = [...new Set(userids.filter((u): u is string => !!u))];
  if (ids.length === 0) return new Map();
  const rows = store.select({ userid: agents.userid, name: agents.name, status: agents.status }).from(agents)
    .where(inArray(agents.userid, ids)).all();
  return new Map(rows.map((r) => [r.userid, { ...r, available: AVAILABLE.includes(r.status) }]));
}

/** @deprecated synchronous twin of `onDutyGroupsIn` for the synchronous readers of this file until their callers are converted */
export function onDutyGroups(store: Store, at: number): DutyGroup[] {
  const tz = calendarFor(store).timeZone;
  return store.select().from(dutyGroups).where(eq(dutyGroups.enabled, true))
    .orderBy(asc(dutyGroups.position), asc(dutyGroups.id)).all()
    .filter((g) => { const r = parseRotation(g.rotation); return r !== null && rotationCovers(r, at, tz); });
}

/** @deprecated synchronous twin of `availableInOrderIn` for server/duty/receivers.ts's synchronous twins until their callers are converted */
export function availableInOrder(store: Store, at: number, loads: Map<string, number> = sessionLoads(store)): string[] {
  const onDuty = onDutyGroups(store, at);
  const onIds = new Set(onDuty.map((g) => g.id));
  const others = store.select().from(dutyGroups).where(eq(dutyGroups.enabled, true))
    .orderBy(asc(dutyGroups.position), asc(dutyGroups.id)).all().filter((g) => !onIds.has(g.id));
  const aPosts = onDuty.map((g) => g.primaryUserid);
  const posts = [...onDuty.map((g) => g.backupUserid), ...others.flatMap((g) => [g.backupUserid, g.primaryUserid])];
  const h = holders(store, [...aPosts, ...posts]);
  const isAvailable = (u: string | null): u is string => !!u && (h.get(u)?.available ?? false);
  const rest = store.select({ userid: agents.userid, status: agents.status }).from(agents).where(inArray(agents.status, [...AVAILABLE]))
    .orderBy(asc(agents.statusChangedAt), asc(agents.userid)).all()
    .sort((a, b) => AVAILABLE.indexOf(a.status) - AVAILABLE.indexOf(b.status)).map((r) => r.userid);
  const first = [...new Set(aPosts.filter(isAvailable))];
  const tail = [...new Set([...posts.filter(isAvailable), ...rest])].filter((u) => !first.includes(u));
  // stable sort: equal loads keep the duty order
  tail.sort((a, b) => (loads.get(a) ?? 0) - (loads.get(b) ?? 0));
  return [...first, ...tail];
}

/** @deprecated synchronous twin of `relayCandidatesIn` for server/relay/plan.ts, server/escalation/handlers.ts until they are converted */
export function relayCandidates(store: Store, at: number, exclude: string | null, planned?: ReadonlyMap<string, number>): string[] {
  const loads = sessionLoads(store);
  for (const [u, n] of planned ?? []) loads.set(u, (loads.get(u) ?? 0) + n);
  const cap = sessionCap(store);
  return availableInOrder(store, at, loads).filter((u) => u !== exclude && (loads.get(u) ?? 0) < cap);
}

/**
 * Duty is read for every customer message; it only changes with the clock (by the second here), an agent's
 * status, WeCom's 接待中 signal or the duty set-up, so results are memoised per second of `at` until those change.
 *
 * Where the memos live: per database handle, never shared between databases — the synchronous readers' memo per
 * SQLite connection, the async readers' memo per query handle `q.db` (on SQLite the unit of work's write and
 * read connections; on PostgreSQL the pool for reads, and each transaction alone). Every invalidation drops all
 * of them in this process (dropping more than needed is always right; duty changes are rare), so a change made
 * through either path is seen by both. A write verb calls `invalidateDutyIn(tx)`: the memos are dropped at once,
 * nothing read through that transaction is memoised any more (it sees its own uncommitted writes), and they are
 * dropped again after commit (a reader that memoised the old state meanwhile). Other instances: a memo entry
 * only answers for the same second of `at`, so another instance sees a change by the next second of its clock.
 */
let memos = new WeakMap<object, Map<string, unknown>>();
let memosIn = new WeakMap<object, Map<string, Promise<unknown>>>();
/** Transactions that changed duty: read without memo until they end (a rolled-back one is simply forgotten). */
const changedDuty = new WeakSet<Queries>();

function dropDutyMemos(): void {
  memos = new WeakMap();
  memosIn = new WeakMap();
}

/**
 * @deprecated synchronous twin of `invalidateDutyIn` for server/services/set-agent-status.ts, server/wecom/kf-directory.ts
 * until they are converted. Drops every duty memo of this process (both paths), at once.
 */
export function invalidateDuty(store: Store): void { void store; dropDutyMemos(); }

/** Duty changes in `tx`: drops the memos now, reads through `tx` from here on are not memoised, and drops them again after commit. */
export function invalidateDutyIn(tx: Tx): void {
  dropDutyMemos();
  changedDuty.add(tx);
  tx.afterCommit(() => { changedDuty.delete(tx); dropDutyMemos(); });
}

function memoised<T>(store: Store, name: string, at: number, compute: () => T): T {
  const conn = connectionOf(store);
  let memo = memos.get(conn);
  if (!memo) { memo = new Map(); memos.set(conn, memo); }
  const key = `${name}:${Math.floor(at / 1000)}`;
  if (memo.has(key)) return memo.get(key) as T;
  const value = compute();
  if (memo.size > 64) memo.clear();
  memo.set(key, value);
  return value;
}

/** The async readers' memo: concurrent readers of one key share one computation; a failed one is not kept. */
function memoisedIn<T>(q: Queries, name: string, at: number, compute: () => Promise<T>): Promise<T> {
  if (changedDuty.has(q)) return compute();
  let memo = memosIn.get(q.db);
  if (!memo) { memo = new Map(); memosIn.set(q.db, memo); }
  const key = `${name}:${Math.floor(at / 1000)}`;
  const hit = memo.get(key);
  if (hit) return hit as Promise<T>;
  const value = compute();
  if (memo.size > 64) memo.clear();
  memo.set(key, value);
  const held = memo;
  value.catch(() => { if (held.get(key) === value) held.delete(key); });
  return value;
}

/** Who is on duty at `at`: the group on duty, its A/B posts and manager, and the person new conversations go to. */
export function dutyNowIn(q: Queries, at: number): Promise<DutyNow> {
  return memoisedIn(q, 'now', at, () => computeDutyNowIn(q, at));
}

async function computeDutyNowIn(q: Queries, at: number): Promise<DutyNow> {
  const group = (await onDutyGroupsIn(q, at))[0] ?? null;
  const h = await holdersIn(q, group ? [group.primaryUserid, group.backupUserid, group.managerUserid] : []);
  const get = (u: string | null | undefined) => (u ? h.get(u) ?? null : null);
  const primary = get(group?.primaryUserid), backup = get(group?.backupUserid), manager = get(group?.managerUserid);
  const { agents: a } = q.t;
  let current: OnDuty | null | undefined;
  if (!group) {
    // No duty group configured (or none on duty at `at`): the online agent who has been online longest.
    current = await first(q.db.select({ userid: a.userid, name: a.name }).from(a)
      .where(eq(a.status, 'online')).orderBy(asc(a.statusChangedAt)).limit(1));
  } else if (primary?.available) current = primary;
  else if (backup?.available) current = backup;
  else {
    const next = (await relayCandidatesIn(q, at, null))[0];
    current = next ? await first(q.db.select({ userid: a.userid, name: a.name }).from(a).where(eq(a.userid, next)).limit(1)) : null;
  }
  return { group, primary, backup, manager, current: current ? { userid: current.userid, name: current.name } : null };
}

/** The duty manager to alert at `at`: the on-duty group's manager, else the first group's manager. */
export function dutyManagerIn(q: Queries, at: number): Promise<DutyManager | null> {
  return memoisedIn(q, 'manager', at, async () => {
    const groups = [...await onDutyGroupsIn(q, at), ...await enabledGroupsIn(q)];
    const g = groups.find((x) => x.managerUserid);
    return g?.managerUserid ? { userid: g.managerUserid, phone: g.managerPhone, groupId: g.id } : null;
  });
}

/** The person new conversations go to now (`dutyNowIn(…).current`). */
export async function findOnDutyIn(q: Queries, at: number): Promise<OnDuty | null> {
  return (await dutyNowIn(q, at)).current;
}

/** @deprecated synchronous twin of `dutyNowIn` for server/engine/{facts,welcome}.ts, server/alerts/queue.ts, server/services/sidebar-org.ts until they are converted */
export function dutyNow(store: Store, at: number): DutyNow {
  return memoised(store, 'now', at, () => computeDutyNow(store, at));
}

function computeDutyNow(store: Store, at: number): DutyNow {
  const group = onDutyGroups(store, at)[0] ?? null;
  const h = holders(store, group ? [group.primaryUserid, group.backupUserid, group.managerUserid] : []);
  const get = (u: string | null | undefined) => (u ? h.get(u) ?? null : null);
  const primary = get(group?.primaryUserid), backup = get(group?.backupUserid), manager = get(group?.managerUserid);
  let current: OnDuty | null;
  if (!group) {
    // No duty group configured (or none on duty at `at`): the online agent who has been online longest.
    current = store.select({ userid: agents.userid, name: agents.name }).from(agents)
      .where(eq(agents.status, 'online')).orderBy(asc(agents.statusChangedAt)).limit(1).get() ?? null;
  } else if (primary?.available) current = primary;
  else if (backup?.available) current = backup;
  else {
    const next = relayCandidates(store, at, null)[0];
    current = next ? store.select({ userid: agents.userid, name: agents.name }).from(agents).where(eq(agents.userid, next)).get() ?? null : null;
  }
  return { group, primary, backup, manager, current: current ? { userid: current.userid, name: current.name } : null };
}

/** @deprecated synchronous twin of `dutyManagerIn` for server/engine/facts.ts, server/relay/index.ts, server/escalation/handlers.ts, server/forecast/weekly-summary.ts until they are converted */
export function dutyManager(store: Store, at: number): DutyManager | null {
  return memoised(store, 'manager', at, () => computeDutyManager(store, at));
}

function computeDutyManager(store: Store, at: number): DutyManager | null {
  const groups = [...onDutyGroups(store, at), ...store.select().from(dutyGroups).where(eq(dutyGroups.enabled, true))
    .orderBy(asc(dutyGroups.position), asc(dutyGroups.id)).all()];
  const g = groups.find((x) => x.managerUserid);
  return g?.managerUserid ? { userid: g.managerUserid, phone: g.managerPhone, groupId: g.id } : null;
}

/** @deprecated synchronous twin of `findOnDutyIn` for server/profile-sync/execute.ts, server/appointments/book.ts, server/pages/wall.ts until they are converted */
export function findOnDuty(d: Pick<CoreDeps, 'db'>, at: number): OnDuty | null {
  return dutyNow(d.db, at).current;
}
