/**
 * @module Executes outbox rows against WeCom. Rows are already durable with their deterministic msgid; this
 * drains them in passes (single-flight) under the claim rule of `outbox-claim.ts` — each conversation's rows
 * strictly in creation order, conversations side by side — records each result, and re-arms itself for the
 * next due retry. What a failure means comes from the one errcode table (`channels/wecom-kf/errcodes.ts`): token errors
 * and transient ones are retried with backoff; a success WeCom reports again after a crash (a duplicate msgid
 * on a retry, a move already made) is recorded as done; a send the session's state forbids, or a hand-over
 * nobody could take, is handed to `onRefused` (ask WeCom, decide again). A restart drains what was left.
 */
import { eq } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import { conversations, outbox, type Conversation, type OutboxRow } from '../db/schema/index';
import { WecomError } from '../errors';
import { errcodeInfo } from '../channels/wecom-kf/errcodes';
import type { OutboxPayload } from './outbox-intent';
import { execute, OutboxCancelled } from './outbox-executors';
import { OutboxClaim } from './outbox-claim';
import { prefetchNicknames } from '../engine/customers';
import { undoMarks } from './outbox-marks';
import type { TimeDriven } from '../time-travel';

const MAX_ATTEMPTS = 6;
/** Transient errors: 5 s, 10 s, 20 s … (the HTTP layer already retried a few times within the call). */
const RETRY_BASE_MS = 5_000;
/** Token errors: the HTTP layer refreshed once already; try again soon with a fresh token. */
const TOKEN_RETRY_MS = 1_000;
/** Rows claimed per pass and conversations served at once. */
const BATCH = 200;
const PARALLEL = 16;
const SENDS = new Set<OutboxRow['kind']>(['send_msg', 'send_template', 'send_msg_on_event']);

/** A row WeCom refused because of the session (95018/95013) or because nobody could take it (95019/95014). */
export type RefusedHandler = (row: OutboxRow, conversation: Conversation, errcode: number) => Promise<void>;

export interface OutboxOptions {
  /** The per-conversation ordering rule (switched off only to show, in a test, what it prevents). */
  ordered?: boolean;
  onRefused?: RefusedHandler;
}

export class OutboxWorker implements TimeDriven {
  readonly name = 'outbox';
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly claim: OutboxClaim;
  private readonly ordered: boolean;
  onRefused: RefusedHandler | undefined;

  constructor(private readonly d: CoreDeps, o: OutboxOptions = {}) {
    this.ordered = o.ordered ?? true;
    this.claim = new OutboxClaim(d.db, this.ordered);
    this.onRefused = o.onRefused;
  }

  /** Starts a drain (or marks that one more pass is needed) and resolves when nothing is runnable. */
  drain(): Promise<void> {
    if (this.running) { this.again = true; return this.running; }
    this.running = this.loop().finally(() => { this.running = undefined; this.armRetryTimer(); });
    return this.running;
  }

  /** Time travel: when the next row becomes runnable under the claim rule, after `now` (default: at all). */
  nextDueAt(now = 0): number | undefined {
    return this.claim.nextDueAfter(now) ?? undefined;
  }

  /** Time travel: draining, or a row may run now. */
  busy(now: number = this.d.clock.now()): boolean {
    if (this.stopped) return false;
    return this.running !== undefined || this.claim.runnable(now, 1).length > 0;
  }

  /** Whether a drain is under way. */
  get draining(): boolean { return this.running !== undefined; }

  runDue(): Promise<void> { return this.drain(); }

  /** Stops draining and resolves once the rows already on their way to WeCom have their result written. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      for (;;) {
        if (this.stopped) return;
        const rows = this.claim.runnable(this.d.clock.now(), BATCH);
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
          if (!ok) break; // (without the claim rule) a failed or deferred row still holds back the rest of its batch
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, queues.length) }, lane));
  }

  private finish(row: OutboxRow, set: Partial<OutboxRow>): void {
    this.d.db.update(outbox).set({ ...set, updatedAt: this.d.clock.now() }).where(eq(outbox.msgid, row.msgid)).run();
    if (set.status === 'failed' || set.status === 'cancelled') undoMarks(this.d, row);
  }

  /** Runs one row; false when it did not go through (failed, cancelled or deferred). */
  private async execute(row: OutboxRow): Promise<boolean> {
    const { db, clock, log } = this.d;
    const conv = db.select().from(conversations).where(eq(conversations.id, row.conversationId)).get();
    const attempts = row.attempts + 1;
    const claimed = { ...row, attempts };
    this.finish(row, { attempts });
    if (!conv) {
      this.finish(row, { status: 'failed', errmsg: 'conversation missing' });
      return false;
    }
    try {
      const done = await execute(this.d, conv, claimed, JSON.parse(row.payload) as OutboxPayload);
      this.sent(claimed, conv, done.note ?? null);
      return true;
    } catch (err) {
      if (err instanceof OutboxCancelled) {
        this.finish(row, { status: 'cancelled', errmsg: err.message });
        return false;
      }
      const errcode = err instanceof WecomError ? err.errcode : null;
      const errmsg = err instanceof Error ? err.message : String(err);
      const info = errcodeInfo(errcode ?? -1);
      if (errcode !== null && info.duplicateOnRetry && attempts > 1 && SENDS.has(row.kind)) {
        // the same msgid again, refused: WeCom already took it before (we crashed or lost the answer)
        this.sent(claimed, conv, `already sent (errcode ${errcode} on a retry)`);
        return true;
      }
      const retryable = errcode !== null && (info.class === 'token' || info.class === 'transient') && attempts < MAX_ATTEMPTS;
      if (retryable) {
        const delay = info.class === 'token' ? TOKEN_RETRY_MS : RETRY_BASE_MS * 2 ** (attempts - 1);
        this.finish(row, { errcode, errmsg, nextAttemptAt: clock.now() + delay });
        log.warn({ msgid: row.msgid, kind: row.kind, errcode, attempts }, 'outbox action deferred');
        return false;
      }
      this.finish(row, { status: 'failed', errcode, errmsg });
      log.warn({ msgid: row.msgid, kind: row.kind, errcode }, 'outbox action failed');
      if (errcode !== null && (info.class === 'session' || info.class === 'receiver')) {
        if (info.class === 'session') db.update(conversations).set({ stateStale: true }).where(eq(conversations.id, conv.id)).run();
        await this.onRefused?.(claimed, conv, errcode);
      }
      return false;
    }
  }

  private sent(row: OutboxRow, conv: Conversation, note: string | null): void {
    const now = this.d.clock.now();
    this.finish(row, { status: 'sent', sentAt: now, errcode: 0, errmsg: note });
    this.d.events.emit('conversation.changed', { conversationId: conv.id, what: row.kind === 'service_state_trans' ? 'state' : 'message', at: now });
  }

  private armRetryTimer(): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    const next = this.nextDueAt();
    if (next === undefined) return;
    this.timer = setTimeout(() => void this.drain(), Math.max(0, next - this.d.clock.now()));
    this.timer.unref();
  }
}
