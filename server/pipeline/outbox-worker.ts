/**
 * @module Executes outbox rows against WeCom. Rows are already durable with their deterministic msgid;
 * this drains due rows one at a time (single-flight), records the result, retries only what WeCom says is
 * temporary, and re-arms itself for the next due retry. A restart drains whatever was left pending.
 */
import { and, asc, eq, lte, min, sql } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import { conversations, outbox, type OutboxRow } from '../db/schema/index';
import { WecomError } from '../errors';
import type { OutboxPayload } from './outbox-intent';
import { execute } from './outbox-executors';

/** Errcodes worth another try later (the HTTP layer already retried them a few times). */
const TEMPORARY = new Set([-1, 45009, 45033]);
const MAX_ATTEMPTS = 6;
const RETRY_BASE_MS = 5_000;


export class OutboxWorker {
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

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      for (;;) {
        if (this.stopped) return;
        const row = this.d.db.select().from(outbox)
          .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, this.d.clock.now())))
          .orderBy(asc(outbox.createdAt), asc(sql`rowid`)).limit(1).get();
        if (!row) break;
        await this.execute(row);
      }
    } while (this.again);
  }

  private async execute(row: OutboxRow): Promise<void> {
    const { db, clock, log } = this.d;
    const conv = db.select().from(conversations).where(eq(conversations.id, row.conversationId)).get();
    const attempts = row.attempts + 1;
    db.update(outbox).set({ attempts, updatedAt: clock.now() }).where(eq(outbox.msgid, row.msgid)).run();
    if (!conv) {
      db.update(outbox).set({ status: 'failed', errmsg: 'conversation missing' }).where(eq(outbox.msgid, row.msgid)).run();
      return;
    }
    try {
      await execute(this.d, conv, row.msgid, JSON.parse(row.payload) as OutboxPayload);
      db.update(outbox).set({ status: 'sent', sentAt: clock.now(), errcode: 0, errmsg: null, updatedAt: clock.now() })
        .where(eq(outbox.msgid, row.msgid)).run();
    } catch (err) {
      const errcode = err instanceof WecomError ? err.errcode : -1;
      const errmsg = err instanceof Error ? err.message : String(err);
      const retry = TEMPORARY.has(errcode) && attempts < MAX_ATTEMPTS;
      db.update(outbox).set({
        status: retry ? 'pending' : 'failed', errcode, errmsg, updatedAt: clock.now(),
        nextAttemptAt: clock.now() + RETRY_BASE_MS * 2 ** (attempts - 1),
      }).where(eq(outbox.msgid, row.msgid)).run();
      log.warn({ msgid: row.msgid, kind: row.kind, errcode, retry }, 'outbox action failed');
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
