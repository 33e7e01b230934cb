/**
 * @module Who is on duty now: the person urgent cases, relays, 活码 and profile walls point at. Computed from
 * the duty groups' rotation (org time zone), their A post (primary) and B post (backup), and agents' own
 * statuses. Without any duty group, the on-duty agent is the online agent who has been online longest.
 * Assignment order and the per-agent session cap: `availableInOrderIn` / `relayCandidatesIn`. Every reader is
 * async on the unit of work (`q: Queries`).
 */
import { asc, eq, inArray } from 'drizzle-orm';
import { type DutyGroup } from '../../adapters/db/sqlite/schema/index';
import type { AgentStatus } from '../../../shared/domain/vocabulary';
import { parseRotation, rotationCovers } from './rotation';
import { calendarForIn } from '../config/calendar';
import { sessionCapIn, sessionLoadsIn } from './load';
import { first, type Queries } from '../ports/queries';
import { reusableQuery } from '../ports/reusable-query';
import type { Tx } from '../ports/unit-of-work';
import type { Bus } from '../ports/bus';

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

/* Read for customer messages (reusable: built once, see core/ports/reusable-query.ts; memoised per second below). */
const enabledGroupRows = reusableQuery('duty_enabled_groups', [], ({ db, t: { dutyGroups: g } }) =>
  db.select().from(g).where(eq(g.enabled, true)).orderBy(asc(g.position), asc(g.id)));

/** Enabled duty groups, preferred first (memoised with duty). */
function enabledGroupsIn(q: Queries, at: number): Promise<DutyGroup[]> {
  return memoisedIn(q, 'groups', at, () => enabledGroupRows(q, {}));
}

/** Enabled groups whose rotation covers `at`, preferred first. */
export async function onDutyGroupsIn(q: Queries, at: number): Promise<DutyGroup[]> {
  const tz = (await calendarForIn(q)).timeZone;
  return (await enabledGroupsIn(q, at)).filter(covering(at, tz));
}

const availableAgentRows = reusableQuery('duty_available_agents', [], ({ db, t: { agents: a } }) =>
  db.select({ userid: a.userid, name: a.name, status: a.status }).from(a).where(inArray(a.status, [...AVAILABLE])).orderBy(asc(a.statusChangedAt), asc(a.userid)));

export interface AvailableAgent { userid: string; name: string }

/**
 * The agents who can take conversations at `at` (an available status), online before busy, longest in that status
 * first. Memoised with duty (per second of `at`, dropped by every status change): read for every customer message.
 */
export function availableAgentsIn(q: Queries, at: number): Promise<readonly AvailableAgent[]> {
  return memoisedIn(q, 'available', at, async () => (await availableAgentRows(q, {}))
    .sort((x, y) => AVAILABLE.indexOf(x.status) - AVAILABLE.indexOf(y.status)).map((r) => ({ userid: r.userid, name: r.name })));
}

async function inOrder(q: Queries, at: number, loads: Map<string, number>, available: readonly AvailableAgent[]): Promise<string[]> {
  const tz = (await calendarForIn(q)).timeZone;
  const groups = await enabledGroupsIn(q, at);
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
  return inOrder(q, at, loads ?? await sessionLoadsIn(q), available ?? await availableAgentsIn(q, at));
}

/**
 * Candidates for taking over or being given a session, in assignment order (`availableInOrderIn`), without
 * anyone at the per-agent session cap and never `exclude`. After the last candidate comes the pool (state 2).
 * The one picker: the engine's receivers, relays, escalations and the duty view all read it. Loads count the
 * moves already planned (`sessionLoadsIn`), so a batch of relays or a burst of transfers spreads out.
 */
export async function relayCandidatesIn(q: Queries, at: number, exclude: string | null, available?: readonly AvailableAgent[]): Promise<string[]> {
  const loads = await sessionLoadsIn(q);
  const cap = await sessionCapIn(q);
  return (await inOrder(q, at, loads, available ?? await availableAgentsIn(q, at))).filter((u) => u !== exclude && (loads.get(u) ?? 0) < cap);
}

/**
 * Duty is read for every customer message; it only changes with the clock (by the second here), an agent's
 * status, WeCom's 接待中 signal or the duty set-up, so results are memoised per second of `at` until those change.
 *
 * Where the memos live: per query handle `q.db`, never shared between databases (on SQLite the unit of work's
 * write and read connections; on PostgreSQL the pool for reads, and each transaction alone). Every invalidation
 * drops all of them in this process (dropping more than needed is always right; duty changes are rare).
 * A write verb calls `invalidateDutyIn(tx)`: the memos are dropped at once, nothing read through that transaction is memoised any more (it sees its own uncommitted writes), and they are
 * dropped again after commit (a reader that memoised the old state meanwhile). Other instances: the commit is
 * published on the bus (`shareDutyInvalidation`, wired by the composition root), and an instance hearing it — or a
 * bus gap — drops its memos; should a notice be lost, a memo entry only answers for the same second of `at`.
 */
let memosIn = new WeakMap<object, Map<string, Promise<unknown>>>();
/** The bus channel a committed duty change is announced on. */
export const DUTY_CHANNEL = 'duty.memo';
/** The buses duty changes are published on (one per product instance in this process). */
const dutyBuses = new Set<Bus>();
/** Transactions that changed duty: read without memo until they end (a rolled-back one is simply forgotten). */
const changedDuty = new WeakSet<Queries>();

function dropDutyMemos(): void {
  memosIn = new WeakMap();
}

/** Duty changes in `tx`: drops the memos now, reads through `tx` from here on are not memoised, and drops them again after commit. */
export function invalidateDutyIn(tx: Tx): void {
  dropDutyMemos();
  changedDuty.add(tx);
  tx.afterCommit(() => {
    changedDuty.delete(tx);
    dropDutyMemos();
    for (const bus of dutyBuses) bus.publish(DUTY_CHANNEL, null).catch(() => {}); // lost: the per-second rule still bounds it
  });
}

/** Duty changes reach the other instances over `bus`: a change committed here is published, one heard drops the memos. */
export function shareDutyInvalidation(bus: Bus): () => void {
  dutyBuses.add(bus);
  const off = [bus.subscribe(DUTY_CHANNEL, dropDutyMemos), bus.onGap(dropDutyMemos)];
  return () => { dutyBuses.delete(bus); for (const f of off) f(); };
}

/**
 * The async readers' memo (duty data: groups, statuses, WeCom's receivers — whatever `invalidateDutyIn` is called
 * for): concurrent readers of one key share one computation; a failed one is not kept. `name` also tells the
 * variants apart (e.g. one per 微信客服 account).
 */
export function memoisedIn<T>(q: Queries, name: string, at: number, compute: () => Promise<T>): Promise<T> {
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
    const groups = [...await onDutyGroupsIn(q, at), ...await enabledGroupsIn(q, at)];
    const g = groups.find((x) => x.managerUserid);
    return g?.managerUserid ? { userid: g.managerUserid, phone: g.managerPhone, groupId: g.id } : null;
  });
}

/** The person new conversations go to now (`dutyNowIn(…).current`). */
export async function findOnDutyIn(q: Queries, at: number): Promise<OnDuty | null> {
  return (await dutyNowIn(q, at)).current;
}
