/**
 * @module The inbound worker: on each `kf_msg_or_event` it pulls `kf/sync_msg` for that account until
 * `has_more` is 0. Per page, before the storing transaction, it asks WeCom for the session state of customers
 * whose local state may be stale (`session-state.ts`), then stores the page with its cursor in one transaction;
 * the replies it plans start at that commit (their jobs are adopted by the job runner). One loop per account at a time; a callback arriving meanwhile makes the loop run once
 * more. A failed pull is retried on its own timer with backoff until it succeeds (WeCom does not resend a
 * callback it got 200 for), and an account whose last pull is older than `catchUpMs` gets a catch-up pull, which
 * bounds the damage of a lost callback.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { CoreDeps } from '../../app/deps';
import { first, type Queries } from '../ports/queries';
import type { Tx } from '../ports/unit-of-work';
import { moveCursor, storeSyncPage, type EnterPlanner, type Planner } from './store';
import { reusableQuery } from '../ports/reusable-query';
import { CallbackRecorder, type CallbackRow } from './callback-recorder';
import { mayBeStale, type FreshState, type StateRefresher } from './session-state';
import { ORIGIN } from '../../../shared/domain/vocabulary';
import type { KfMessage, SyncMsgResponse as SyncPage } from '../../channels/wecom-kf/types';
import type { TimeDriven } from '../../app/time-travel';
import { stages } from './stages';

export interface InboundHooks {
  /** Called after a page is fetched and before it is committed (tests use it to simulate a crash). */
  beforeCommit?: (openKfid: string) => void;
}

export interface InboundOptions {
  hooks?: InboundHooks;
  onEnter?: EnterPlanner;
  refresher: StateRefresher;
  /** Apply WeCom's documented session rules when storing (off only with the state refresh switched off). */
  sessionRules?: boolean;
  /** A pull older than this gets a catch-up pull (default 60 s). */
  catchUpMs?: number;
}

interface AccountLoop { running: Promise<void>; again: boolean; token: string | undefined }

/**
 * Minimum gap between two pulls of one account when callbacks keep arriving during a pull: a burst of
 * "pull now" pings becomes one pull per gap, each fetching everything new (sync_msg pages up to 1000).
 */
const COALESCE_MS = 15;
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
/** Failed pulls are retried after 1 s, 2 s, 4 s … at most this long apart. */
const RETRY_MAX_MS = 60_000;
/** How often the catch-up check runs (wall clock); what is stale is judged on the injected clock. */
const CATCH_UP_CHECK_MS = 5_000;
/** A callback's sync token is valid 10 min (WECOM.md §3.1): reuse it a little less long. */
const TOKEN_REUSE_MS = 9 * 60_000;

/* Per pull (reusable: built once, see core/ports/reusable-query.ts). */
const cursorOf = reusableQuery('inbound_cursor', ['openKfid'], ({ db, t: { syncCursors: c } }, p) =>
  db.select({ cursor: c.cursor }).from(c).where(eq(c.openKfid, p.openKfid)).limit(1));
const markPulled = reusableQuery('inbound_mark_pulled', ['openKfid', 'startedAt', 'ok', 'error', 'now'], ({ db, t: { syncCursors: c } }, p) =>
  db.insert(c).values({ openKfid: p.openKfid, lastPullStartedAt: p.startedAt, lastPullOk: p.ok, lastError: p.error, updatedAt: p.now })
    .onConflictDoUpdate({
      target: c.openKfid,
      set: { lastPullStartedAt: sql`excluded.last_pull_started_at`, lastPullOk: sql`excluded.last_pull_ok`, lastError: sql`excluded.last_error`, updatedAt: sql`excluded.updated_at` },
    }));

export class InboundWorker implements TimeDriven {
  readonly name = 'inbound';
  private readonly loops = new Map<string, AccountLoop>();
  private readonly retries = new Map<string, { timer: NodeJS.Timeout; failures: number; dueAt: number }>();
  private readonly tokens = new Map<string, { token: string; at: number }>();
  private catchUpTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  readonly recorder: CallbackRecorder;
  private readonly callbackAt = new Map<string, number>();
  /** Callbacks whose replay check has not ended (one held up by the database is answered before it ends). */
  private readonly intake = new Set<Promise<unknown>>();

  constructor(
    private readonly d: CoreDeps,
    private readonly plan: Planner,
    private readonly o: InboundOptions,
  ) {
    this.recorder = new CallbackRecorder(d.shared.uow, (err) => d.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'callback diagnostics rows not stored'));
  }

  /** Starts the periodic catch-up check. */
  start(): this {
    this.catchUpTimer = setInterval(() => { void this.catchUp(); }, CATCH_UP_CHECK_MS).unref();
    return this;
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.catchUpTimer);
    for (const r of this.retries.values()) clearTimeout(r.timer);
    this.retries.clear();
  }

  /** When the account's latest callback arrived (for probe reports). */
  lastCallbackAt(openKfid: string): number | undefined {
    return this.callbackAt.get(openKfid);
  }

  record(row: CallbackRow): void {
    this.recorder.record(row);
  }

  track(work: Promise<unknown>): void {
    const settled = work.finally(() => { this.intake.delete(settled); });
    this.intake.add(settled);
  }

  /** Schedules a sync of `openKfid` (token from the callback). */
  notify(openKfid: string, token?: string): Promise<void> {
    if (token) {
      this.callbackAt.set(openKfid, this.d.clock.now());
      this.tokens.set(openKfid, { token, at: this.d.clock.now() });
    }
    const loop = this.loops.get(openKfid);
    if (loop) {
      loop.again = true;
      loop.token = token ?? loop.token;
      return loop.running;
    }
    const fresh: AccountLoop = { running: Promise.resolve(), again: false, token: token ?? this.reusableToken(openKfid) };
    fresh.running = this.run(openKfid, fresh).finally(() => this.loops.delete(openKfid));
    this.loops.set(openKfid, fresh);
    return fresh.running;
  }

  /** Every account we know of (seeded/configured ones and any we have pulled before), with its last pull's start. */
  private async accountsIn(q: Queries): Promise<Map<string, number | null>> {
    const ids = new Map((await q.db.select({ id: q.t.kfAccounts.openKfid }).from(q.t.kfAccounts)).map((a) => [a.id, null as number | null]));
    for (const c of await q.db.select({ id: q.t.syncCursors.openKfid, at: q.t.syncCursors.lastPullStartedAt }).from(q.t.syncCursors)) ids.set(c.id, c.at);
    return ids;
  }

  /** Catch-up at start: sync every known account once (messages that arrived while we were down). */
  async syncAll(): Promise<void> {
    const accounts = await this.d.shared.uow.read((q) => this.accountsIn(q));
    await Promise.all([...accounts.keys()].map((a) => this.notify(a)));
  }

  /**
   * Pulls every account whose last pull started more than `catchUpMs` ago (and is not already pulling), and every
   * failed pull whose retry is due — by the injected clock, so a moved clock is acted on at the next check.
   */
  catchUp(): Promise<void> {
    return this.catchUpNow().catch((err: unknown) => {
      this.d.log.error({ err: err instanceof Error ? err.message : String(err) }, 'catch-up check failed');
    });
  }

  private async catchUpNow(): Promise<void> {
    if (this.stopped) return;
    const now = this.d.clock.now();
    const accounts = await this.d.shared.uow.read((q) => this.accountsIn(q));
    for (const a of this.dueAmong(accounts, now)) void this.notify(a);
  }

  /** The catch-up check for `busy`: the accounts (with their last pull) read through the unit of work. */
  private async catchUpDue(now: number): Promise<string[]> {
    if (this.stopped) return [];
    return this.dueAmong(await this.d.shared.uow.read((q) => this.accountsIn(q)), now);
  }

  /** Accounts (not pulling now) whose failed pull's retry is due, or whose last pull is older than `catchUpMs`. */
  private dueAmong(accounts: Map<string, number | null>, now: number): string[] {
    if (this.stopped) return [];
    const every = this.o.catchUpMs ?? 60_000;
    return [...accounts.keys()].filter((a) => {
      if (this.loops.has(a)) return false;
      const retry = this.retries.get(a);
      if (retry) return retry.dueAt <= now;
      const at = accounts.get(a);
      return at == null || now - at >= every;
    });
  }

  /** Resolves when no callback waits for its replay check and no account loop is running. */
  async idle(): Promise<void> {
    while (this.intake.size > 0 || this.loops.size > 0) await Promise.allSettled([...this.intake, ...[...this.loops.values()].map((l) => l.running)]);
  }

  /**
   * Time travel: pulls follow callbacks; the clock drives only the retry of a failed pull (a stop of its own)
   * and the catch-up pull, which runs whenever the clock stops after it fell due (a jump does not stop every
   * minute just to pull).
   */
  nextDueAt(now: number): number | undefined {
    const at = this.nextRetryAt();
    return at !== undefined && at > now ? at : undefined;
  }

  async busy(now: number): Promise<boolean> {
    return this.intake.size > 0 || this.loops.size > 0 || (await this.catchUpDue(now)).length > 0;
  }

  async runDue(): Promise<void> {
    await this.catchUp();
    await this.idle();
  }

  private reusableToken(openKfid: string): string | undefined {
    const t = this.tokens.get(openKfid);
    return t && this.d.clock.now() - t.at < TOKEN_REUSE_MS ? t.token : undefined;
  }

  private async run(openKfid: string, loop: AccountLoop): Promise<void> {
    let first = true;
    do {
      if (!first) await new Promise((r) => setTimeout(r, COALESCE_MS));
      first = false;
      loop.again = false;
      const startedAt = this.d.clock.now();
      const token = loop.token;
      loop.token = undefined;
      try {
        // one pull per account at a time across the instances sharing the database (each starts from the stored cursor)
        // the watermark moves in the transaction that stores the first complete page, or in one of its own when none does
        const marked = await this.d.shared.lock('pull').run(openKfid, () => this.syncUntilDone(openKfid, token, loop,
          (tx) => this.markPullIn(tx, openKfid, startedAt, null)));
        if (!marked) await this.markPull(openKfid, startedAt, null);
        this.clearRetry(openKfid);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        this.d.log.error({ openKfid, err: message }, 'sync failed; retrying on its own timer from the stored cursor');
        await this.markPull(openKfid, startedAt, message).catch((e: unknown) => {
          this.d.log.error({ openKfid, err: e instanceof Error ? e.message : String(e) }, 'could not record the failed pull');
        });
        this.scheduleRetry(openKfid);
      }
    } while (loop.again);
  }

  private scheduleRetry(openKfid: string): void {
    if (this.stopped) return;
    const prev = this.retries.get(openKfid);
    if (prev) clearTimeout(prev.timer);
    const failures = (prev?.failures ?? 0) + 1;
    const delay = Math.min(RETRY_MAX_MS, 1_000 * 2 ** (failures - 1));
    const timer = setTimeout(() => { void this.notify(openKfid); }, delay);
    timer.unref();
    this.retries.set(openKfid, { timer, failures, dueAt: this.d.clock.now() + delay });
  }

  private clearRetry(openKfid: string): void {
    const r = this.retries.get(openKfid);
    if (r) clearTimeout(r.timer);
    this.retries.delete(openKfid);
  }

  /** When the earliest failed pull is due to be retried (injected clock), if any. */
  nextRetryAt(): number | undefined {
    const due = [...this.retries.values()].map((r) => r.dueAt);
    return due.length ? Math.min(...due) : undefined;
  }

  /** Fresh session states for the page's customers whose local state may be stale (outside any transaction). */
  private async freshStates(openKfid: string, page: KfMessage[]): Promise<Map<string, FreshState>> {
    if (!this.o.refresher.enabled) return new Map();
    const customers = [...new Set(page.filter((m) => m.origin === ORIGIN.customer && m.external_userid).map((m) => m.external_userid!))];
    if (customers.length === 0) return new Map();
    const now = this.d.clock.now();
    // one query per page (its text changes with the page's customers: built each time, but one round trip on PostgreSQL)
    const stale = (await this.d.shared.uow.read(async (q) => {
      const c = q.t.conversations;
      return q.db.select().from(c).where(and(eq(c.openKfid, openKfid), inArray(c.externalUserid, customers)));
    })).filter((c) => mayBeStale(c, now));
    return this.o.refresher.fetchMany(stale.map((c) => ({ openKfid: c.openKfid, externalUserid: c.externalUserid })));
  }

  /**
   * Pulls and stores pages until WeCom has nothing more. The next page is fetched while this one is stored when
   * WeCom says there is more, or a callback came during the pull (it would ask for that pull right after): a pull
   * only reads from the cursor, so the overlap changes nothing stored — the cursor still moves with each page's
   * last part, and a failure re-pulls from the stored cursor. The state check runs after the previous page is stored.
   */
  private async syncUntilDone(openKfid: string, token: string | undefined, loop?: AccountLoop, atEnd?: (tx: Tx) => Promise<void>): Promise<boolean> {
    let marked = false;
    let cursor = (await this.d.shared.uow.read(async (q) => first(cursorOf(q, { openKfid }))))?.cursor ?? '';
    let pending: Promise<SyncPage> | undefined = this.pull(openKfid, cursor, token);
    while (pending) {
      const page = await pending;
      pending = undefined;
      const next = page.next_cursor || cursor;
      if (page.has_more === 1 || loop?.again) {
        if (page.has_more !== 1 && loop) { loop.again = false; token = loop.token ?? token; loop.token = undefined; }
        pending = this.pull(openKfid, next, token);
        pending.catch(() => undefined); // awaited on the next round; a failure here must not surface unhandled
      }
      const fresh = await this.freshStates(openKfid, page.msg_list);
      this.hooks.beforeCommit?.(openKfid);
      if (page.msg_list.length > 0 || next !== cursor) {
        // the first page holding all WeCom had when its pull started (has_more 0; that pull began after the run did):
        // once it is stored every callback before the run is served — `atEnd` goes in with its last part, whatever
        // pulls a callback during this one chains after it
        const mark = !marked && page.has_more !== 1 ? atEnd : undefined;
        await this.storeInParts(openKfid, page.msg_list, cursor, next, fresh, mark);
        if (mark) marked = true;
      }
      cursor = next;
    }
    return marked;
  }

  private pull(openKfid: string, cursor: string, token: string | undefined): Promise<SyncPage> {
    return stages.timeAsync('pull', () => this.d.wecom.syncMsg({ cursor, token, limit: 1000, open_kfid: openKfid }));
  }

  /**
   * Stores a page in transactions of at most STORE_PART messages (and, on SQLite, about PART_BUDGET_MS of work),
   * yielding to the event loop between them, so a page of 1000 never holds the loop (callback acks, sends) for long
   * and the first replies go out while the rest is stored.
   * Each part commits its messages with their planned replies; only the last moves the cursor: a crash in between
   * re-pulls the page, and the stored part is skipped by msgid (nothing planned twice).
   * On PostgreSQL a page of more than one part is stored by up to STORE_LANES transactions at once, each customer's
   * messages in one lane in the page's order (a part's time there is mostly waiting for the database); the cursor
   * moves in a transaction of its own once every lane committed, and a lane that failed fails the pull (after the
   * others ended) — its re-pull skips what the others stored.
   */
  private async storeInParts(openKfid: string, list: KfMessage[], cursor: string, next: string, fresh: Map<string, FreshState>, atEnd?: (tx: Tx) => Promise<void>): Promise<void> {
    const freshApplied = new Set<number>();
    const lanes = this.d.shared.uow.engine === 'postgres' && list.length > STORE_PART ? lanesOf(list, STORE_LANES) : undefined;
    if (!lanes || lanes.length < 2) {
      await this.storeLane(openKfid, list, fresh, freshApplied, { next, atEnd });
      return;
    }
    const stored = await Promise.allSettled(lanes.map((lane) => this.storeLane(openKfid, lane, fresh, freshApplied)));
    const failed = stored.find((l): l is PromiseRejectedResult => l.status === 'rejected');
    if (failed) throw failed.reason;
    if (next !== cursor || atEnd) await moveCursor(this.d, openKfid, next, atEnd);
  }

  /** Stores `list` in parts, in order; `end` (the cursor and the pull's bookkeeping) goes in with its last part. */
  private async storeLane(openKfid: string, list: KfMessage[], fresh: Map<string, FreshState>, freshApplied: Set<number>,
    end?: { next: string; atEnd?: (tx: Tx) => Promise<void> }): Promise<void> {
    let i = 0;
    do {
      if (i > 0) await new Promise((r) => setImmediate(r));
      const part = list.slice(i, i + STORE_PART);
      const last = i + part.length >= list.length;
      const stored = await storeSyncPage(this.d, openKfid, part, last ? end?.next : undefined, {
        plan: this.plan, onEnter: this.o.onEnter, fresh, freshApplied, sessionRules: this.o.sessionRules ?? true,
        ...(last && end?.atEnd ? { atEnd: end.atEnd } : {}),
        ...(this.d.shared.uow.engine === 'sqlite' ? { budgetMs: PART_BUDGET_MS } : {}),
      });
      i += stored.consumed;
      // the part's replies are started by its commit (their jobs adopted by the job runner: adapters/jobs adoptIn)
      const at = this.d.clock.now();
      stages.time('bookkeeping', () => {
        for (const conversationId of stored.conversations) this.d.events.emit('conversation.changed', { conversationId, what: 'message', at });
      });
    } while (i < list.length);
  }

  private get hooks(): InboundHooks { return this.o.hooks ?? {}; }

  /** Moves the account's pull watermark: callbacks received before `startedAt` are now served. */
  private async markPull(openKfid: string, startedAt: number, error: string | null): Promise<void> {
    await stages.timeAsync('bookkeeping', () => this.d.shared.uow.run((tx) => this.markPullIn(tx, openKfid, startedAt, error)));
  }

  private async markPullIn(tx: Tx, openKfid: string, startedAt: number, error: string | null): Promise<void> {
    await this.recorder.writeIn(tx); // the callbacks this pull served, in the same commit
    await markPulled(tx, { openKfid, startedAt, ok: error === null, error, now: this.d.clock.now() });
  }
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
