/**
 * @module How one pulled sync_msg page is stored: in transactions of at most STORE_PART messages (and, on SQLite,
 * about PART_BUDGET_MS of work), yielding to the event loop between them, so a page of 1000 never holds the loop
 * (callback acks, sends) for long and the first replies go out while the rest is stored. Each part commits its
 * messages with their planned replies; only the last moves the cursor: a crash in between re-pulls the page, and the
 * stored part is skipped by msgid (nothing planned twice).
 * On PostgreSQL a page of more than one part is stored by up to STORE_LANES transactions at once, each customer's
 * messages in one lane in the page's order (a part's time there is mostly waiting for the database); the cursor moves
 * in a transaction of its own once every lane committed, and a lane that failed fails the pull (after the others
 * ended) — its re-pull skips what the others stored. The assignment stays one at a time (`Queries.serialize`).
 */
import type { KfMessage } from '../../channels/wecom-kf/types';
import type { EventBus } from '../events';
import type { Tx } from '../ports/unit-of-work';
import type { FreshState } from './session-state';
import { moveCursor, storeSyncPage, type EnterPlanner, type Planner, type StoreDeps } from './store';
import { stages } from './stages';

/** Messages stored per transaction at most: a part's decisions hold the event loop for a few milliseconds, not a page's. */
const STORE_PART = 20;
/**
 * On SQLite a part also ends after the message at which it has run this long: its work is synchronous, so the part
 * holds the event loop throughout (a decision takes a few milliseconds under load). On PostgreSQL a part's time is
 * mostly waiting for the database, during which the loop runs on: no such limit.
 */
const PART_BUDGET_MS = 25;
/** Transactions storing one page at once on PostgreSQL (each holds a pooled connection while it runs). */
const STORE_LANES = 4;

/** What deciding a stored message needs (the inbound worker's planners and switch). */
export interface PageDeciders { plan: Planner; onEnter?: EnterPlanner | undefined; sessionRules: boolean }

/** A pulled page: its messages, the cursor it was pulled from and the one after it, and the fresh session states. */
export interface PulledPage { list: KfMessage[]; cursor: string; next: string; fresh: Map<string, FreshState> }

type PageDeps = StoreDeps & { events: Pick<EventBus, 'emit'> };

/** Stores `page`, then moves the cursor to `page.next` with `atEnd`'s writes (see the module). */
export async function storePulledPage(d: PageDeps, deciders: PageDeciders, openKfid: string, page: PulledPage, atEnd?: (tx: Tx) => Promise<void>): Promise<void> {
  const freshApplied = new Set<number>();
  const { list, cursor, next } = page;
  const lanes = d.shared.uow.engine === 'postgres' && list.length > STORE_PART ? lanesOf(list, STORE_LANES) : undefined;
  if (!lanes || lanes.length < 2) {
    await storeLane(d, deciders, openKfid, list, page.fresh, freshApplied, { next, atEnd });
    return;
  }
  const stored = await Promise.allSettled(lanes.map((lane) => storeLane(d, deciders, openKfid, lane, page.fresh, freshApplied)));
  const failed = stored.find((l): l is PromiseRejectedResult => l.status === 'rejected');
  if (failed) throw failed.reason;
  if (next !== cursor || atEnd) await moveCursor(d, openKfid, next, atEnd);
}

/** Stores `list` in parts, in order; `end` (the cursor and the pull's bookkeeping) goes in with its last part. */
async function storeLane(d: PageDeps, deciders: PageDeciders, openKfid: string, list: KfMessage[], fresh: Map<string, FreshState>,
  freshApplied: Set<number>, end?: { next: string; atEnd?: ((tx: Tx) => Promise<void>) | undefined }): Promise<void> {
  let i = 0;
  do {
    if (i > 0) await new Promise((r) => setImmediate(r));
    const part = list.slice(i, i + STORE_PART);
    const last = i + part.length >= list.length;
    const stored = await storeSyncPage(d, openKfid, part, last ? end?.next : undefined, {
      plan: deciders.plan, onEnter: deciders.onEnter, fresh, freshApplied, sessionRules: deciders.sessionRules,
      ...(last && end?.atEnd ? { atEnd: end.atEnd } : {}),
      ...(d.shared.uow.engine === 'sqlite' ? { budgetMs: PART_BUDGET_MS } : {}),
    });
    i += stored.consumed;
    // the part's replies are started by its commit (their jobs adopted by the job runner: adapters/jobs adoptIn)
    const at = d.clock.now();
    stages.time('bookkeeping', () => {
      for (const conversationId of stored.conversations) d.events.emit('conversation.changed', { conversationId, what: 'message', at });
    });
  } while (i < list.length);
}

/**
 * The page split into at most `n` lanes: each customer's messages (and events) in one lane, in the page's order; a
 * customer goes to the lane with the fewest messages so far, in the order customers first appear. None when an event
 * concerns no customer (a servicer's status: what comes after it in the page must see it).
 */
export function lanesOf(list: KfMessage[], n: number): KfMessage[][] | undefined {
  const byCustomer = new Map<string, KfMessage[]>();
  for (const m of list) {
    const key = m.external_userid ?? (m.msgtype === 'event' ? (m.event as { external_userid?: string } | undefined)?.external_userid : undefined);
    if (!key) return undefined;
    let own = byCustomer.get(key);
    if (!own) byCustomer.set(key, own = []);
    own.push(m);
  }
  const lanes: KfMessage[][] = Array.from({ length: Math.min(n, byCustomer.size) }, () => []);
  for (const own of byCustomer.values()) {
    let least = lanes[0]!;
    for (const lane of lanes) if (lane.length < least.length) least = lane;
    least.push(...own);
  }
  return lanes;
}
