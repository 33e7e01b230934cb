/**
 * @module The job queue port: one abstraction for all background work. A job kind declares its retry policy
 * (and lease, lateness limit); a job is enqueued inside the caller's unit of work (same transaction as the data
 * that caused it) with an optional idempotency key and ordering key, due at a time from the injected clock.
 * A handler's `run` holds the job's database effects and commits with the job's completion — exactly once;
 * an optional `call` (the network) runs before it, outside any transaction, under a lease with an owner, and
 * is repeated after a takeover — so it must be idempotent by job id or key.
 *
 * @example
 *   export const sendReply = jobKind<{ msgid: string }>('outbox.send', { retry: wecomRetry });
 *   // in a verb, inside uow.run:
 *   await jobs.enqueue(tx, sendReply, { msgid }, { key: msgid, orderingKey: `conv:${conversationId}` });
 *   // at composition:
 *   runner.handle(sendReply, {
 *     call: (job) => wecom.sendMsg(job.payload.msgid),               // network, idempotent by msgid
 *     run: async (tx, job, res) => { await markSent(tx, job.payload.msgid, res); return 'sent'; },
 *   });
 */
import type { Tx } from './unit-of-work';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Whether a failure may be retried (a final one fails the job at once). */
  retryable(err: unknown): boolean;
  /** Delay before the next attempt after attempt `attempt` (1-based) failed with `err`. */
  backoffMs(attempt: number, err: unknown): number;
}

/** Whether a job that failed with `err` on attempt `attempt` is tried again under `policy` (the runner's rule). */
export function willRetry(policy: RetryPolicy, attempt: number, err: unknown): boolean {
  return policy.retryable(err) && attempt < policy.maxAttempts;
}

/** Exponential backoff from `baseMs` (doubling, at most `maxMs`); every error retryable unless `retryable` says otherwise. */
export function backoffRetry(o: { maxAttempts: number; baseMs: number; maxMs?: number; retryable?: (err: unknown) => boolean }): RetryPolicy {
  return {
    maxAttempts: o.maxAttempts,
    retryable: o.retryable ?? (() => true),
    backoffMs: (attempt) => Math.min(o.baseMs * 2 ** (attempt - 1), o.maxMs ?? Number.POSITIVE_INFINITY),
  };
}

export interface JobKind<P> {
  readonly name: string;
  readonly retry: RetryPolicy;
  /** How long a claimed job with a network step stays with its owner before another may take it (default 60 s). */
  readonly leaseMs: number;
  /** A job found later than this after its due time is marked `late` and not run (e.g. a stale escalation). */
  readonly maxLatenessMs?: number;
  /** Type of the payload (never set; carries `P`). */
  readonly payload?: P;
}

export function jobKind<P extends object>(name: string, o: { retry: RetryPolicy; leaseMs?: number; maxLatenessMs?: number }): JobKind<P> {
  return { name, retry: o.retry, leaseMs: o.leaseMs ?? 60_000, maxLatenessMs: o.maxLatenessMs };
}

export interface EnqueueOptions {
  /** Idempotency key: a second job of the same kind and key is not created (the first one's id is returned). */
  key?: string;
  /** Jobs with the same ordering key run strictly in creation order; a job failed for good does not block. */
  orderingKey?: string;
  /**
   * With `orderingKey`: no new job while one of this kind and ordering key is pending and not started (its id is
   * returned) — for kinds whose job does all the key's waiting work when it runs (a recipient's alert deliveries).
   * A long chain of jobs behind one key is work for nothing, and every claim walks past the chain's blocked jobs.
   */
  coalesce?: boolean;
  /** Due time (epoch ms); or `delayMs` from the clock's now; default: now. */
  runAt?: number;
  delayMs?: number;
}

export interface Job<P> {
  id: number;
  kind: string;
  key: string | null;
  orderingKey: string | null;
  payload: P;
  /** This attempt's number (1 on the first run). */
  attempt: number;
  runAt: number;
  createdAt: number;
}

/** What a handler's `run` returns: a short outcome kept on the job row (e.g. `sent`, `answered`). */
export type JobOutcome = string | void;

export interface JobHandler<P, R = void> {
  /** The network step: outside any transaction, under the lease; repeated after a takeover (idempotent!). */
  call?(job: Job<P>): Promise<R>;
  /** The database effects: in the transaction that completes the job (and, without `call`, claims it). */
  run(tx: Tx, job: Job<P>, result: R): Promise<JobOutcome>;
}

export interface JobQueue {
  enqueue<P>(tx: Tx, kind: JobKind<P>, payload: P, o?: EnqueueOptions): Promise<{ id: number; created: boolean }>;
  /** Cancels pending jobs of a kind by key, or by key prefix (e.g. every timer of a conversation); returns how many. */
  cancel(tx: Tx, kind: JobKind<unknown>, by: { key: string } | { keyPrefix: string }): Promise<number>;
}

export interface JobRunner {
  handle<P, R>(kind: JobKind<P>, handler: JobHandler<P, R>): this;
  start(): void;
  /** Stops claiming; resolves when the jobs in hand are settled. */
  stop(): Promise<void>;
  /** Something may be due: a commit that enqueued, a clock moved forward, another instance's notice. */
  wake(): void;
  /** Resolves when this runner has found nothing due (by the clock's now) and holds no job — the "idle" signal. */
  idle(): Promise<void>;
}
