/**
 * @module Who is on duty now: the person urgent cases, relays, 活码 and profile walls point at. Computed from
 * the duty groups' rotation (org time zone), their A post (primary) and B post (backup), and agents' own
 * statuses. Without any duty group, the on-duty agent is the online agent who has been online longest.
 * Assignment order and the per-agent session cap: `availableInOrder` / `relayCandidates`.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import type { Store } from '../db/index';
import { agents, dutyGroups, type DutyGroup } from '../db/schema/index';
import type { AgentStatus } from '../../shared/domain/vocabulary';
import { parseRotation, rotationCovers } from './rotation';
import { calendarFor } from '../config/calendar';
import { sessionCap, sessionLoads } from './load';
import { connectionOf } from '../db/connection';

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

function holders(store: Store, userids: (string | null)[]): Map<string, PostHolder> {
  const ids = [...new Set(userids.filter((u): u is string => !!u))];
  if (ids.length === 0) return new Map();
  const rows = store.select({ userid: agents.userid, name: agents.name, status: agents.status }).from(agents)
    .where(inArray(agents.userid, ids)).all();
  return new Map(rows.map((r) => [r.userid, { ...r, available: AVAILABLE.includes(r.status) }]));
}

/** Enabled groups whose rotation covers `at`, preferred first. */
export function onDutyGroups(store: Store, at: number): DutyGroup[] {
  const tz = calendarFor(store).timeZone;
  return store.select().from(dutyGroups).where(eq(dutyGroups.enabled, true))
    .orderBy(asc(dutyGroups.position), asc(dutyGroups.id)).all()
    .filter((g) => { const r = parseRotation(g.rotation); return r !== null && rotationCovers(r, at, tz); });
}

/**
 * Everyone who can take conversations now, in assignment order: the on-duty groups' A posts first, then every
 * other available agent, least loaded first (sessions held in state 3); ties keep the duty order — on-duty B
 * posts, the other groups' B then A posts, then online before busy, longest in that status first. The cap is not
 * applied here (see `relayCandidates`).
 */
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

/**
 * Candidates for taking over or being given a session, in assignment order (`availableInOrder`), without
 * anyone at the per-agent session cap and never `exclude`. After the last candidate comes the pool (state 2).
 * The one picker: the engine's receivers, relays, escalations and the duty view all read it. `planned`: sessions
 * already planned to go to someone in this same batch (counted as their load, so a batch spreads out).
 */
export function relayCandidates(store: Store, at: number, exclude: string | null, planned?: ReadonlyMap<string, number>): string[] {
  const loads = sessionLoads(store);
  for (const [u, n] of planned ?? []) loads.set(u, (loads.get(u) ?? 0) + n);
  const cap = sessionCap(store);
  return availableInOrder(store, at, loads).filter((u) => u !== exclude && (loads.get(u) ?? 0) < cap);
}

/**
 * Duty is read for every customer message; it only changes with the clock (by the second here), an agent's
 * status or the duty set-up, so results are memoised per second until `invalidateDuty()` (called on those changes).
 */
const memos = new WeakMap<object, Map<string, unknown>>();
/** The SQLite connection behind a db or transaction handle: memos belong to one database. */
export function invalidateDuty(store: Store): void { memos.delete(connectionOf(store)); }
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

/** The duty manager to alert at `at`: the on-duty group's manager, else the first group's manager. */
export function dutyManager(store: Store, at: number): { userid: string; phone: string | null; groupId: number } | null {
  return memoised(store, 'manager', at, () => computeDutyManager(store, at));
}

function computeDutyManager(store: Store, at: number): { userid: string; phone: string | null; groupId: number } | null {
  const groups = [...onDutyGroups(store, at), ...store.select().from(dutyGroups).where(eq(dutyGroups.enabled, true))
    .orderBy(asc(dutyGroups.position), asc(dutyGroups.id)).all()];
  const g = groups.find((x) => x.managerUserid);
  return g?.managerUserid ? { userid: g.managerUserid, phone: g.managerPhone, groupId: g.id } : null;
}

export function findOnDuty(d: Pick<CoreDeps, 'db'>, at: number): OnDuty | null {
  return dutyNow(d.db, at).current;
}
