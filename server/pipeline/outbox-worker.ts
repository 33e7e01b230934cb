/**
 * @module Executes outbox rows against WeCom. Rows are already durable with their deterministic msgid;
 * this drains due rows in batches (single-flight), several conversations at a time but each conversation's
 * rows strictly in order (a reply before its hand-over), records the result, retries only what WeCom says
 * is temporary, and re-arms itself for the next due retry. A restart drains whatever was left pending.
 */
import { and, asc, eq, gt, lte, min, sql } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import { conversations, outbox, type OutboxRow } from '../db/schema/index';
import { WecomError } from '../errors';
import type { OutboxPayload } from './outbox-intent';
import { execute } from './outbox-executors';
import { prefetchNicknames } from '../engine/customers';
import type { TimeDriven } from '../time-travel';

/** Errcodes worth another try later (the HTTP layer already retried them a few times). */
const TEMPORARY = new Set([-1, 45009, 45033]);
const MAX_ATTEMPTS = 6;
const RETRY_BASE_MS = 5_000;
/** Rows read per pass and conversations served at once. */
const BATCH = 200;
const PARALLEL = 16;

export class OutboxWorker implements TimeDriven {
  readonly name = 'outbox';
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly d: CoreDeps) {}

  /** Starts a drain (or marks that one more pass is needed) and resolves when the queue is idle. */
  drain(): Promise<void> {
    if (this.running) { this.again = true; return this.running; }
    this.running = this.loop().finally(() => { this.running = undefined; this.armRetryTimer(); });
    return this.running;
  }

  /** Stops draining and resolves once the rows already on their way to WeCom have their result written. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Time travel: the next retry after `now`. */
  nextDueAt(now: number): number | undefined {
    return this.d.db.select({ at: min(outbox.nextAttemptAt) }).from(outbox)
      .where(and(eq(outbox.status, 'pending'), gt(outbox.nextAttemptAt, now))).get()?.at ?? undefined;
  }

  /** Time travel: draining, or a row is due. */
  busy(now: number): boolean {
    if (this.stopped) return false;
    return this.running !== undefined || this.d.db.select({ id: outbox.msgid }).from(outbox)
      .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now))).limit(1).get() !== undefined;
  }

  runDue(): Promise<void> { return this.drain(); }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      for (;;) {
        if (this.stopped) return;
        const rows = this.d.db.select().from(outbox)
          .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, this.d.clock.now())))
          .orderBy(asc(outbox.createdAt), asc(sql`rowid`)).limit(BATCH).all();
        if (rows.length === 0) break;
        await this.executeBatch(rows);
      }
    } while (this.again);
  }

  /** Conversations in parallel (at most PARALLEL at once), each conversation's rows in their order. */
  private async executeBatch(rows: OutboxRow[]): Promise<void> {
    const byConversation = new Map<number, OutboxRow[]>();
    for (const r of rows) byConversation.set(r.conversationId, [...(byConversation.get(r.conversationId) ?? []), r]);
    await prefetchNicknames(this.d, rows);
    const queues = [...byConversation.values()];
    const lane = async () => {
      for (let q = queues.shift(); q; q = queues.shift()) {
        for (const row of q) {
          if (this.stopped) return;
          const ok = await this.execute(row);
          if (!ok) break; // a failed or deferred row holds back the rest of its conversation
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, queues.length) }, lane));
  }

  /** Runs one row; false when it did not go through (failed or deferred). */
  private async execute(row: OutboxRow): Promise<boolean> {
    const { db, clock, log } = this.d;
    const conv = db.select().from(conversations).where(eq(conversations.id, row.conversationId)).get();
    const attempts = row.attempts + 1;
    db.update(outbox).set({ attempts, updatedAt: clock.now() }).where(eq(outbox.msgid, row.msgid)).run();
    if (!conv) {
      db.update(outbox).set({ status: 'failed', errmsg: 'conversation missing' }).where(eq(outbox.msgid, row.msgid)).run();
      return false;
    }
    try {
      await execute(this.d, conv, row.msgid, JSON.parse(row.payload) as OutboxPayload);
      db.update(outbox).set({ status: 'sent', sentAt: clock.now(), errcode: 0, errmsg: null, updatedAt: clock.now() })
        .where(eq(outbox.msgid, row.msgid)).run();
      this.d.events.emit('conversation.changed', { conversationId: conv.id, what: row.kind === 'service_state_trans' ? 'state' : 'message', at: clock.now() });
      return true;
    } catch (err) {
      const errcode = err instanceof WecomError ? err.errcode : -1;
      const errmsg = err instanceof Error ? err.message : String(err);
      const retry = TEMPORARY.has(errcode) && attempts < MAX_ATTEMPTS;
      db.update(outbox).set({
        status: retry ? 'pending' : 'failed', errcode, errmsg, updatedAt: clock.now(),
        nextAttemptAt: clock.now() + RETRY_BASE_MS * 2 ** (attempts - 1),
      }).where(eq(outbox.msgid, row.msgid)).run();
      log.warn({ msgid: row.msgid, kind: row.kind, errcode, retry }, 'outbox action failed');
      return false;
    }
  }

  private armRetryTimer(): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    const next = this.d.db.select({ at: min(outbox.nextAttemptAt) }).from(outbox).where(eq(outbox.status, 'pending')).get()?.at;
    if (next == null) return;
    this.timer = setTimeout(() => void this.drain(), Math.max(0, next - this.d.clock.now()));
    this.timer.unref();
  }
}
