/**
 * @module The inbound worker: on each `kf_msg_or_event` it pulls `kf/sync_msg` for that account until
 * `has_more` is 0, storing each page with its cursor in one transaction, then drains the outbox.
 * One loop per account at a time; a callback arriving meanwhile makes the loop run once more.
 */
import { eq } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import { kfAccounts, syncCursors } from '../db/schema/index';
import type { OutboxWorker } from './outbox-worker';
import { storeSyncPage, type EnterPlanner, type Planner } from './store';
import { CallbackRecorder, type CallbackRow } from './callback-recorder';
import type { TimeDriven } from '../time-travel';

export interface InboundHooks {
  /** Called after a page is fetched and before it is committed (tests use it to simulate a crash). */
  beforeCommit?: (openKfid: string) => void;
}

interface AccountLoop { running: Promise<void>; again: boolean; token: string | undefined }

/**
 * Minimum gap between two pulls of one account when callbacks keep arriving during a pull: a burst of
 * "pull now" pings becomes one pull per gap, each fetching everything new (sync_msg pages up to 1000).
 */
const COALESCE_MS = 15;

export class InboundWorker implements TimeDriven {
  readonly name = 'inbound';
  private readonly loops = new Map<string, AccountLoop>();

  constructor(
    private readonly d: CoreDeps,
    private readonly outbox: OutboxWorker,
    private readonly plan: Planner,
    private readonly hooks: InboundHooks = {},
    private readonly onEnter?: EnterPlanner,
  ) {
    this.recorder = new CallbackRecorder(d.db);
  }

  readonly recorder: CallbackRecorder;
  private readonly callbackAt = new Map<string, number>();

  /** When the account's latest callback arrived (for probe reports). */
  lastCallbackAt(openKfid: string): number | undefined {
    return this.callbackAt.get(openKfid);
  }

  record(row: CallbackRow): void {
    this.recorder.record(row);
  }

  /** Schedules a sync of `openKfid` (token from the callback). */
  notify(openKfid: string, token?: string): Promise<void> {
    if (token) this.callbackAt.set(openKfid, this.d.clock.now());
    const loop = this.loops.get(openKfid);
    if (loop) {
      loop.again = true;
      loop.token = token ?? loop.token;
      return loop.running;
    }
    const fresh: AccountLoop = { running: Promise.resolve(), again: false, token };
    fresh.running = this.run(openKfid, fresh).finally(() => this.loops.delete(openKfid));
    this.loops.set(openKfid, fresh);
    return fresh.running;
  }

  /** Catch-up at start: sync every known account once (messages that arrived while we were down). */
  async syncAll(): Promise<void> {
    const accounts = this.d.db.select({ id: kfAccounts.openKfid }).from(kfAccounts).all();
    await Promise.all(accounts.map((a) => this.notify(a.id)));
  }

  /** Resolves when no account loop is running. */
  async idle(): Promise<void> {
    while (this.loops.size > 0) await Promise.allSettled([...this.loops.values()].map((l) => l.running));
  }

  /** Time travel: pulls are driven by callbacks, never by the clock. */
  nextDueAt(): undefined { return undefined; }
  busy(): boolean { return this.loops.size > 0; }
  runDue(): Promise<void> { return this.idle(); }

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
        await this.syncUntilDone(openKfid, token);
        this.markPull(openKfid, startedAt, null);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        this.d.log.error({ openKfid, err: message }, 'sync failed; the next callback resumes from the stored cursor');
        this.markPull(openKfid, startedAt, message);
      }
      void this.outbox.drain();
    } while (loop.again);
  }

  private async syncUntilDone(openKfid: string, token: string | undefined): Promise<void> {
    for (;;) {
      const cursor = this.d.db.select().from(syncCursors).where(eq(syncCursors.openKfid, openKfid)).get()?.cursor ?? '';
      const page = await this.d.wecom.syncMsg({ cursor, token, limit: 1000, open_kfid: openKfid });
      this.hooks.beforeCommit?.(openKfid);
      const next = page.next_cursor || cursor;
      if (page.msg_list.length > 0 || next !== cursor) {
        const stored = storeSyncPage(this.d.db, this.d.clock, openKfid, page.msg_list, next, this.plan, this.onEnter);
        if (stored.planned > 0) void this.outbox.drain();
        const at = this.d.clock.now();
        for (const conversationId of stored.conversations) this.d.events.emit('conversation.changed', { conversationId, what: 'message', at });
      }
      if (page.has_more !== 1) return;
    }
  }

  /** Moves the account's pull watermark: callbacks received before `startedAt` are now served. */
  private markPull(openKfid: string, startedAt: number, error: string | null): void {
    this.recorder.flush();
    const set = { lastPullStartedAt: startedAt, lastPullOk: error === null, lastError: error, updatedAt: this.d.clock.now() };
    this.d.db.insert(syncCursors).values({ openKfid, ...set }).onConflictDoUpdate({ target: syncCursors.openKfid, set }).run();
  }
}
