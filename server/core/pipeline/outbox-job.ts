/**
 * @module The outbox on the one job queue: every outbox row is inserted with its `outbox.send` job (same
 * transaction; idempotency key = the row's deterministic msgid, ordering key = its conversation, so one
 * conversation's rows run strictly in creation order — a reply retried after a 45009 still goes out before the
 * hand-over planned after it — while conversations run side by side). The job's network step executes the row
 * against WeCom once (its calls are not retried below it); what a failure means comes from the one errcode
 * table: token and transient errors retry the job by the kind's policy; a success WeCom reports again after a
 * crash (a duplicate msgid on a retry, a move already made) counts as done; a send the session's state forbids,
 * or a hand-over nobody could take, is handed to `onRefused` after commit (ask WeCom, decide again). The network
 * step reads the row through a read outside any transaction; the row's result commits with the job's completion,
 * together with what the action changed in its conversation (the executor's `Effect`). A restart picks up what was
 * left (leases expire).
 */
import { eq, sql } from 'drizzle-orm';
import type { CoreDeps } from '../../app/deps';
import type { outbox, Conversation, OutboxRow} from '../../adapters/db/sqlite/schema/index';
import { WecomError } from '../errors';
import { errcodeInfo, wecomRetryPolicy } from '../../channels/wecom-kf/errcodes';
import { jobKind, willRetry, type JobKind } from '../ports/jobs';
import type { Tx } from '../ports/unit-of-work';
import { first } from '../ports/queries';
import { reusableQuery } from '../ports/reusable-query';
import { stillSync } from '../../adapters/db/sqlite/still-sync';
import { enqueueJobIn } from '../jobs/enqueue';
import type { ProductJobs } from '../../app/jobs-runtime';
import type { OutboxPayload } from './outbox-intent';
import { applyEffect, execute, OutboxCancelled, sentEffect, type Effect, type Executed } from './outbox-executors';
import { storeCustomersIn, type CachedNickname } from '../engine/customers';
import { undoMarks } from './outbox-marks';
import { stages } from './stages';

export const OUTBOX_JOB = 'outbox.send';
const SENDS = new Set<OutboxRow['kind']>(['send_msg', 'send_template', 'send_msg_on_event']);

type Payload = { msgid: string };
/** The kind with its retry policy: the WeCom policy, first pause `firstBackoffMs` (WECOM_RETRY_BACKOFF_MS), 12 attempts. */
export const outboxKind = (firstBackoffMs: number): JobKind<Payload> =>
  jobKind<Payload>(OUTBOX_JOB, { retry: wecomRetryPolicy({ firstBackoffMs, maxAttempts: 12 }) });

/** What a new outbox row says (the rest starts as the table's defaults: pending, no attempts). */
export type NewOutboxRow = Pick<typeof outbox.$inferInsert, 'msgid' | 'kind' | 'conversationId' | 'causeMsgid' | 'decisionId' | 'payload'>;

/* Run for every reply (reusable: built once, see core/ports/reusable-query.ts). */
const insertOutboxRow = reusableQuery('outbox_insert', ['msgid', 'kind', 'conversationId', 'causeMsgid', 'decisionId', 'payload', 'now'], ({ db, t }, p) =>
  db.insert(t.outbox).values({
    msgid: p.msgid, kind: p.kind, conversationId: p.conversationId, causeMsgid: p.causeMsgid, decisionId: p.decisionId, payload: p.payload,
    nextAttemptAt: p.now, createdAt: p.now, updatedAt: p.now,
  }).onConflictDoNothing().returning({ msgid: t.outbox.msgid }));
/** The row, its conversation and the customer's cached nickname (templates greet by name): one read per send. */
const outboxRowWithConversation = reusableQuery('outbox_row_with_conversation', ['msgid'], ({ db, t: { outbox: o, conversations: c, customers: cu } }, p) =>
  db.select({ row: o, conv: c, nickname: cu.nickname, fetchedAt: cu.fetchedAt, customer: cu.externalUserid }).from(o)
    .leftJoin(c, eq(c.id, o.conversationId)).leftJoin(cu, eq(cu.externalUserid, c.externalUserid)).where(eq(o.msgid, p.msgid)).limit(1));
/** A row's result; a null `sentAt` or `msgCode` keeps the stored one, and so does `errcode` with `keepErrcode` 1. */
const markOutboxRow = reusableQuery('outbox_mark', ['msgid', 'status', 'attempts', 'errcode', 'keepErrcode', 'errmsg', 'sentAt', 'msgCode', 'now'], ({ db, t: { outbox: o } }, p) =>
  db.update(o).set({
    status: sql`${p.status}`, attempts: sql`${p.attempts}`, errmsg: sql`${p.errmsg}`,
    errcode: sql`case when ${p.keepErrcode} = 1 then ${o.errcode} else ${p.errcode} end`,
    sentAt: sql`coalesce(${p.sentAt}, ${o.sentAt})`, msgCode: sql`coalesce(${p.msgCode}, ${o.msgCode})`, updatedAt: sql`${p.now}`,
  }).where(eq(o.msgid, p.msgid)).returning());

/**
 * Inserts an outbox row and its `outbox.send` job in the caller's transaction (either engine; ignored when the msgid
 * is planned already); returns whether it was added. The one way rows enter the outbox.
 */
export async function insertOutboxRowIn(tx: Tx, row: NewOutboxRow, now: number): Promise<boolean> {
  const [added] = await insertOutboxRow(tx, { ...row, causeMsgid: row.causeMsgid ?? null, decisionId: row.decisionId ?? null, now });
  if (added) await enqueueJobIn(tx, OUTBOX_JOB, { msgid: row.msgid }, now, { key: row.msgid, orderingKey: `conv:${row.conversationId}` });
  return added !== undefined;
}

/** A row WeCom refused because of the session (95018/95013) or because nobody could take it (95019/95014). */
export type RefusedHandler = (row: OutboxRow, conversation: Conversation, errcode: number) => Promise<void>;

export interface OutboxOptions {
  /** The per-conversation ordering rule (switched off only to show, in a test, what it prevents; SQLite only). */
  ordered?: boolean;
  onRefused?: RefusedHandler;
}

type Result =
  | { kind: 'skipped'; why: string }
  | { kind: 'sent'; note: string | null; effect?: Effect; customer?: Executed['customer'] }
  | { kind: 'cancelled'; why: string }
  | { kind: 'failed'; errcode: number | null; errmsg: string };

/**
 * Test machinery, SQLite only: rows inserted on the product's connection get no ordering key (a temporary trigger,
 * never in the schema). No PostgreSQL equivalent (the switch exists to show, in a test, what the ordering prevents):
 * there it throws `StillSynchronousError`.
 */
function switchOrderingOff(d: Pick<CoreDeps, 'db' | 'shared'>): void {
  stillSync(d.shared.uow, d.db, 'the outbox ordering test switch (SQLite only)').run(sql.raw(`create temp trigger if not exists outbox_unordered
    after insert on jobs when new.kind = '${OUTBOX_JOB}' begin update jobs set ordering_key = null where id = new.id; end`));
}

export class Outbox {
  onRefused: RefusedHandler | undefined;
  /** What a send runs with: WeCom calls tried once (the job's retry policy retries the job). */
  private readonly inJob: CoreDeps;

  constructor(private readonly d: CoreDeps, private readonly jobs: ProductJobs, o: OutboxOptions = {}) {
    this.onRefused = o.onRefused;
    this.inJob = { ...d, wecom: d.wecom.once };
    if (o.ordered === false) switchOrderingOff(d);
    const kind = outboxKind(d.config.wecomRetryBackoffMs);
    jobs.handle(kind, {
      call: (job) => this.call(job.payload.msgid, job.attempt, {
        willRetry: (err) => willRetry(kind.retry, job.attempt, err), backoffMs: (err) => kind.retry.backoffMs(job.attempt, err),
      }),
      run: async (tx, job, res: Result) => stages.timeAsync('bookkeeping', () => this.record(tx, job.payload.msgid, job.attempt, res)),
    });
  }

  /** Wakes the queue and resolves when it is idle (every row due now sent or deferred). */
  async drain(): Promise<void> {
    this.jobs.wake();
    await this.jobs.idle();
  }

  /** The row and its conversation, committed (one read, outside any transaction). */
  private async claim(msgid: string): Promise<{ done: Result } | { row: OutboxRow; conv: Conversation; payload: OutboxPayload; customer: CachedNickname }> {
    const found = await this.d.shared.uow.read((q) => first(outboxRowWithConversation(q, { msgid })));
    const row = found?.row;
    if (!row || row.status !== 'pending') return { done: { kind: 'skipped', why: row ? row.status : 'missing' } };
    if (!found.conv) return { done: { kind: 'failed', errcode: null, errmsg: 'conversation missing' } };
    const customer = { row: found.customer === null ? undefined : { nickname: found.nickname, fetchedAt: found.fetchedAt } };
    return { row, conv: found.conv, payload: JSON.parse(row.payload) as OutboxPayload, customer };
  }

  /** Network step: executes the row once; throws only when the job is to be tried again. */
  private async call(msgid: string, attempt: number, retry: { willRetry(err: unknown): boolean; backoffMs(err: unknown): number }): Promise<Result> {
    const claimed = await stages.timeAsync('claim', () => this.claim(msgid));
    if ('done' in claimed) return claimed.done;
    const { row, conv, payload, customer } = claimed;
    try {
      const done = await stages.timeAsync('send', () => execute(this.inJob, conv, { ...row, attempts: attempt }, payload, customer));
      return { kind: 'sent', note: done.note ?? null, ...(done.effect ? { effect: done.effect } : {}), ...(done.customer ? { customer: done.customer } : {}) };
    } catch (err) {
      if (err instanceof OutboxCancelled) return { kind: 'cancelled', why: err.message };
      const errcode = err instanceof WecomError ? err.errcode : null;
      if (errcode !== null && errcodeInfo(errcode).duplicateOnRetry && attempt > 1 && SENDS.has(row.kind)) {
        // the same msgid again, refused: WeCom already took it before (we crashed or lost the answer)
        const effect = sentEffect(row.kind);
        return { kind: 'sent', note: `already sent (errcode ${errcode} on a retry)`, ...(effect ? { effect } : {}) };
      }
      if (errcode !== null && retry.willRetry(err)) {
        // the row's record of the deferral (one statement; the job row carries the schedule)
        const now = this.d.clock.now();
        const errmsg = err instanceof Error ? err.message : String(err);
        await this.d.shared.uow.run(async (tx) => {
          await tx.db.update(tx.t.outbox).set({ attempts: attempt, errcode, errmsg, nextAttemptAt: now + retry.backoffMs(err), updatedAt: now })
            .where(eq(tx.t.outbox.msgid, msgid));
        });
        this.d.log.warn({ msgid, kind: row.kind, errcode, attempt }, 'outbox action deferred');
        throw err;
      }
      return { kind: 'failed', errcode, errmsg: err instanceof Error ? err.message : String(err) };
    }
  }

  /** In the job's completing transaction: the row's result (and what a refusal means) — exactly once. */
  private async record(tx: Tx, msgid: string, attempt: number, res: Result): Promise<string> {
    const { clock, log } = this.d;
    if (res.kind === 'skipped') return `skipped (${res.why})`;
    const now = clock.now();
    const { conversations: c } = tx.t;
    const set = async (s: Pick<OutboxRow, 'status' | 'errmsg'> & Partial<Pick<OutboxRow, 'errcode' | 'sentAt' | 'msgCode'>>): Promise<OutboxRow> => {
      const [row] = await markOutboxRow(tx, { msgid, attempts: attempt, now, sentAt: null, msgCode: null, keepErrcode: 'errcode' in s ? 0 : 1, errcode: null, ...s });
      return row as OutboxRow;
    };
    if (res.kind === 'sent') {
      const effect = res.effect;
      const row = await set({ status: 'sent', sentAt: now, errcode: 0, errmsg: res.note, ...(effect?.kind === 'moved' ? { msgCode: effect.msgCode } : {}) });
      if (effect) await applyEffect(tx, row.conversationId, effect, now);
      // the nickname WeCom gave for this reply, cached with its result (no commit of its own before the send)
      if (res.customer) await storeCustomersIn(tx, [res.customer.customer], res.customer.at);
      const what = row.kind === 'service_state_trans' ? 'state' : 'message';
      tx.afterCommit(() => this.d.events.emit('conversation.changed', { conversationId: row.conversationId, what, at: now }));
      return 'sent';
    }
    if (res.kind === 'cancelled') {
      const row = await set({ status: 'cancelled', errmsg: res.why });
      await undoMarks(tx, row, now);
      return 'cancelled';
    }
    const row = await set({ status: 'failed', errcode: res.errcode, errmsg: res.errmsg });
    await undoMarks(tx, row, now);
    log.warn({ msgid, kind: row.kind, errcode: res.errcode }, 'outbox action failed');
    const cls = res.errcode === null ? null : errcodeInfo(res.errcode).class;
    if (res.errcode !== null && (cls === 'session' || cls === 'receiver')) {
      const conv = cls === 'session'
        ? (await tx.db.update(c).set({ stateStale: true }).where(eq(c.id, row.conversationId)).returning())[0]
        : await first(tx.db.select().from(c).where(eq(c.id, row.conversationId)).limit(1));
      const errcode = res.errcode;
      if (conv) tx.afterCommit(async () => { await this.onRefused?.(row, conv, errcode); });
    }
    return 'failed';
  }
}
