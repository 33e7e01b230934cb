/**
 * @module The inbound worker: on each `kf_msg_or_event` it pulls `kf/sync_msg` for that account until
 * `has_more` is 0, storing each page with its cursor in one transaction, then drains the outbox.
 * One loop per account at a time; a callback arriving meanwhile makes the loop run once more.
 */
import { eq } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import { callbackEvents, kfAccounts, syncCursors } from '../db/schema/index';
import type { OutboxWorker } from './outbox-worker';
import { storeSyncPage, type Planner } from './store';

export interface InboundHooks {
  /** Called after a page is fetched and before it is committed (tests use it to simulate a crash). */
  beforeCommit?: (openKfid: string) => void;
}

interface AccountLoop { running: Promise<void>; again: boolean; token: string | undefined; events: number[] }

export class InboundWorker {
  private readonly loops = new Map<string, AccountLoop>();

  constructor(
    private readonly d: CoreDeps,
    private readonly outbox: OutboxWorker,
    private readonly plan: Planner,
    private readonly hooks: InboundHooks = {},
  ) {}

  /** Schedules a sync of `openKfid` (token from the callback, event row id to mark). */
  notify(openKfid: string, token?: string, eventId?: number): Promise<void> {
    const loop = this.loops.get(openKfid);
    if (loop) {
      loop.again = true;
      loop.token = token ?? loop.token;
      if (eventId !== undefined) loop.events.push(eventId);
      return loop.running;
    }
    const fresh: AccountLoop = { running: Promise.resolve(), again: false, token, events: eventId === undefined ? [] : [eventId] };
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

  private async run(openKfid: string, loop: AccountLoop): Promise<void> {
    do {
      loop.again = false;
      const events = loop.events.splice(0);
      const token = loop.token;
      loop.token = undefined;
      try {
        await this.syncUntilDone(openKfid, token);
        this.markEvents(events, 'processed');
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        this.d.log.error({ openKfid, err: message }, 'sync failed; the next callback resumes from the stored cursor');
        this.markEvents(events, 'failed', message);
      }
      await this.outbox.drain();
    } while (loop.again);
  }

  private async syncUntilDone(openKfid: string, token: string | undefined): Promise<void> {
    for (;;) {
      const cursor = this.d.db.select().from(syncCursors).where(eq(syncCursors.openKfid, openKfid)).get()?.cursor ?? '';
      const page = await this.d.wecom.syncMsg({ cursor, token, limit: 1000, open_kfid: openKfid });
      this.hooks.beforeCommit?.(openKfid);
      const stored = storeSyncPage(this.d.db, this.d.clock, openKfid, page.msg_list, page.next_cursor || cursor, this.plan);
      if (stored.planned > 0) void this.outbox.drain();
      if (page.has_more !== 1) return;
    }
  }

  private markEvents(ids: number[], status: 'processed' | 'failed', error?: string): void {
    for (const id of ids) {
      this.d.db.update(callbackEvents).set({ status, processedAt: this.d.clock.now(), error: error ?? null })
        .where(eq(callbackEvents.id, id)).run();
    }
  }
}
