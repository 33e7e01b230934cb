/**
 * @module The inbound worker: on each `kf_msg_or_event` it pulls `kf/sync_msg` for that account until
 * `has_more` is 0. Per page, before the storing transaction, it asks WeCom for the session state of customers
 * whose local state may be stale (`session-state.ts`), then stores the page and moves its cursor (`store-page.ts`: in
 * parts, and on PostgreSQL in lanes); the replies it plans start at the commit that stored their message (their jobs
 * are adopted by the job runner). One loop per account at a time; a callback arriving meanwhile makes the loop run once
 * more. A failed pull is retried on its own timer with backoff until it succeeds (WeCom does not resend a
 * callback it got 200 for), and an account whose last pull is older than `catchUpMs` gets a catch-up pull, which
 * bounds the damage of a lost callback.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { CoreDeps } from '../../app/deps';
import { first, type Queries } from '../ports/queries';
import type { Tx } from '../ports/unit-of-work';
import type { EnterPlanner, Planner } from './store';
import { storePulledPage } from './store-page';
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
        await storePulledPage(this.d, { plan: this.plan, onEnter: this.o.onEnter, sessionRules: this.o.sessionRules ?? true }, openKfid,
          { list: page.msg_list, cursor, next, fresh }, mark);
        if (mark) marked = true;
      }
      cursor = next;
    }
    return marked;
  }

  private pull(openKfid: string, cursor: string, token: string | undefined): Promise<SyncPage> {
    return stages.timeAsync('pull', () => this.d.wecom.syncMsg({ cursor, token, limit: 1000, open_kfid: openKfid }));
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

