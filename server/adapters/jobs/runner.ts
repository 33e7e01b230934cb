/**
 * @module The job runner, written once for both engines. Each step claims a batch of due jobs in one
 * transaction: a job without a network step runs claim + handler effects + completion in that transaction
 * (exactly once; its own savepoint isolates its failure; a crash rolls the batch back and the jobs stay
 * pending); a job with one is leased (owner + expiry) and committed, its `call` runs outside any transaction,
 * then its effects commit with the completion only if the lease is still ours (in groups: `./group-commit.ts`).
 * A running runner also adopts jobs as they are made (`./adopt.ts`): a network job due now and first in its ordering
 * chain is leased in the transaction that enqueued it and started at its commit; any other job's due time is told to
 * the runner after its commit (`wakeAt`). At a steady flow of replies nothing is claimed at all.
 * Failures follow the kind's retry policy. The loop sleeps until the next due time (re-read from the
 * database, capped at `pollMs`; a job told for an earlier time ends the sleep then) or a `wake()`; `idle()` resolves
 * once a pass found nothing to do and no adopted job is in flight.
 */
import { and, eq, inArray, min, sql } from 'drizzle-orm';
import type { JobRow } from '../db/sqlite/schema/jobs';
import type { Clock } from '../../core/ports/clock';
import { willRetry, type Job, type JobHandler, type JobKind, type JobRunner } from '../../core/ports/jobs';
import { reusableQuery, reusableQueryFamily } from '../../core/ports/reusable-query';
import type { Tx, UnitOfWork } from '../../core/ports/unit-of-work';
import { claimDue } from './claim';
import { Adopter } from './adopt';
import { GroupCommit } from './group-commit';

/* Run for every network job (a reply sent): built once (core/ports/reusable-query.ts). */
const leaseJob = reusableQuery('jobs_lease', ['id', 'owner', 'until', 'attempts', 'now'], ({ db, t: { jobs } }, p) =>
  db.update(jobs).set({ status: 'running', lockedBy: sql`${p.owner}`, lockedUntil: sql`${p.until}`, attempts: sql`${p.attempts}`, updatedAt: sql`${p.now}` })
    .where(eq(jobs.id, p.id)));
/** Done with its outcome, if the lease is still ours (same owner, same attempt). */
const finishLeasedJob = reusableQuery('jobs_finish_leased', ['id', 'owner', 'attempts', 'at', 'outcome'], ({ db, t: { jobs } }, p) =>
  db.update(jobs).set({ status: 'done', lockedBy: null, lockedUntil: null, errcode: null, outcome: sql`${p.outcome}`, finishedAt: sql`${p.at}`, updatedAt: sql`${p.at}` })
    .where(and(eq(jobs.id, p.id), eq(jobs.status, 'running'), eq(jobs.lockedBy, p.owner), eq(jobs.attempts, p.attempts)))
    .returning({ id: jobs.id }));

/* When the next job of a runner's kinds (the variant, as JSON) is due, and when the first lease ends: read after every idle pass. */
const earliestPending = reusableQueryFamily('jobs_earliest_pending', [], ({ db, t: { jobs } }, _p, kinds: string) =>
  db.select({ at: min(jobs.runAt) }).from(jobs).where(and(eq(jobs.status, 'pending'), inArray(jobs.kind, JSON.parse(kinds) as string[]))));
const earliestLeaseEnd = reusableQueryFamily('jobs_earliest_lease_end', [], ({ db, t: { jobs } }, _p, kinds: string) =>
  db.select({ at: min(jobs.lockedUntil) }).from(jobs).where(and(eq(jobs.status, 'running'), inArray(jobs.kind, JSON.parse(kinds) as string[]))));

export interface RunnerOptions {
  /** This instance's name on the jobs it leases. */
  owner: string;
  /** Jobs in hand at once (default 4; on SQLite only their network steps overlap). */
  concurrency?: number;
  /** Longest real-time sleep between looks at the table (default 1 s): catches other instances' jobs. */
  pollMs?: number;
  /** Jobs claimed per transaction (default 20). */
  batchSize?: number;
  /**
   * Every runner on this database holds its proof-of-life lock while it runs (`holdJobOwner`): on PostgreSQL a
   * running job whose owner holds none is taken over at once, not when its lease expires.
   */
  liveOwners?: boolean;
  onError?: (err: unknown) => void;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- handlers of every payload type live in one map
export type AnyHandler = { kind: JobKind<any>; handler: JobHandler<any, any> };
/** A network step's result waiting to be settled with its group. */
interface Completion { row: JobRow; entry: AnyHandler; job: Job<unknown>; outcome: { result: unknown } | { err: unknown } }

/** What one claiming transaction did. */
/** `epoch`: the epoch when the claim began reading — every job whose wake or settle bumped up to it was committed by then, so it saw them. */
interface ClaimedBatch { claimed: number; leased: { row: JobRow; entry: AnyHandler }[]; epoch: number }
/** The claims of one drain: the one in flight, what the last one found (at which epoch, a full batch or not), and how many workers hold a batch. */
interface ClaimRound { last: { epoch: number; full: boolean } | undefined; claiming: Promise<void> | undefined; holding: number }

export class LeaseLostError extends Error {
  constructor(readonly jobId: number) { super(`job ${jobId}: lease taken over before completion; effects rolled back`); }
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 500);
const errcodeOf = (err: unknown) => { const c = (err as { errcode?: unknown } | null)?.errcode; return typeof c === 'number' ? c : null; };

export class SqlJobRunner implements JobRunner {
  private readonly handlers = new Map<string, AnyHandler>();
  private running = false;
  private wakeRequested = false;
  private wakeSleeper: (() => void) | undefined;
  private idleWaiters: (() => void)[] = [];
  /** The network steps' completions, settled in groups (`./group-commit.ts`). */
  private readonly completions: GroupCommit<Completion>;
  private loopDone: Promise<void> | undefined;
  private readonly concurrency: number;
  private readonly batchSize: number;
  /** Bumped by every wake and every settled batch: something may have become due that the last claim did not see. */
  private epoch = 0;
  /** The epoch of the latest wake (new work enqueued, or asked for): a bump after it is a settled batch. */
  private wokenAt = 0;
  private epochWaiters: (() => void)[] = [];
  private readonly pollMs: number;
  private readonly onError: (err: unknown) => void;
  /** Takes the jobs this runner's unit of work makes (`./adopt.ts`). */
  private readonly adopter: Adopter;
  /** The loop's sleep in progress: ends at `until` (injected clock) unless a wake ends it sooner, or `endBy` moves it earlier. */
  private sleeping: { endBy(at: number): void } | undefined;
  /** A due time told while the loop was not asleep: its next sleep ends by then at the latest. */
  private dueHint = Number.POSITIVE_INFINITY;

  constructor(private readonly uow: UnitOfWork, private readonly clock: Clock, private readonly o: RunnerOptions) {
    this.concurrency = o.concurrency ?? 4;
    this.batchSize = o.batchSize ?? 20;
    this.pollMs = o.pollMs ?? 1000;
    this.onError = o.onError ?? ((err) => { console.error('job runner', err); });
    this.completions = new GroupCommit<Completion>(uow, {
      settle: (tx, c) => this.complete(tx, c),
      // effects that failed on a job no longer ours (e.g. its new owner wrote them first) are a lost lease too
      failed: async (tx, c, err) => !(err instanceof LeaseLostError) && this.recordFailure(tx, c.row, c.row.attempts, err, 'running'),
    });
    this.adopter = new Adopter({
      owner: o.owner, clock, maxInFlight: this.concurrency * this.batchSize,
      entryFor: (kind) => (this.running ? this.handlers.get(kind) : undefined),
      callAndSettle: (row, entry) => this.callAndSettle(row, entry),
      wakeAt: (at) => { this.wakeAt(at); },
      settled: () => { this.notifyWaiters(); },
      onError: (err) => { this.onError(err); },
    });
  }

  handle<P, R>(kind: JobKind<P>, handler: JobHandler<P, R>): this {
    this.handlers.set(kind.name, { kind, handler });
    return this;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.adopter.joinUnit(this.uow);
    this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.adopter.leaveUnit(this.uow);
    this.wakeSleeper?.();
    this.bump();
    await this.loopDone;
    await this.adopter.settledAll();
  }

  /** A job due at `at` was committed: claim at once when it is due; otherwise the loop's sleep ends by then at the latest. */
  wakeAt(at: number): void {
    if (at <= this.clock.now()) { this.wake(); return; }
    if (this.sleeping) this.sleeping.endBy(at);
    else this.dueHint = Math.min(this.dueHint, at);
  }

  wake(): void {
    this.bump();
    this.wokenAt = this.epoch;
    this.wakeRequested = true;
    this.wakeSleeper?.();
  }

  idle(): Promise<void> {
    if (!this.running) return this.drain().then(() => undefined);
    return new Promise((resolve) => { this.idleWaiters.push(resolve); this.wake(); });
  }

  /**
   * Runs jobs until none is due and none is in hand; resolves with how many jobs it settled. Up to `concurrency`
   * workers hold batches at once, but they claim one at a time: a worker waits for a claim in flight, and does not
   * claim while the last claim took less than a full batch and nothing happened since (no wake, no job settled —
   * only these make another job due); a claim that would find nothing is a transaction for nothing (on PostgreSQL
   * four round trips). Such a worker waits for the next such event while other workers still hold batches — new
   * work is claimed beside a batch whose sends are in flight, not after the slowest of them — and ends when none does.
   */
  async drain(): Promise<number> {
    let settled = 0;
    const round: ClaimRound = { last: undefined, claiming: undefined, holding: 0 };
    const nothingToClaim = () => round.last !== undefined && !round.last.full && round.last.epoch === this.epoch;
    await Promise.all(Array.from({ length: this.concurrency }, async () => {
      for (;;) {
        while (round.claiming) await round.claiming;
        if (nothingToClaim()) {
          // everything due was taken, and nothing in hand (a batch, an adopted job) can make more due
          if (round.holding === 0 && this.adopter.size === 0) return;
          await this.changed();
          continue;
        }
        // only batches settled since the last claim, which took all it found: a successor in an ordering chain may be due
        // now, usually none is — a read (no write lock, no commit) says whether the claiming transaction is worth making
        const settledOnly = round.last !== undefined && !round.last.full && this.wokenAt <= round.last.epoch;
        const claim = settledOnly ? this.claimIfDue() : this.claim();
        round.claiming = claim.then(() => undefined, () => undefined);
        let batch: ClaimedBatch;
        try { batch = await claim; } finally { round.claiming = undefined; }
        round.last = { epoch: batch.epoch, full: batch.claimed >= this.batchSize };
        if (batch.claimed > batch.leased.length) this.bump(); // some settled in the claim: their successors (same ordering key) may be due
        if (batch.leased.length > 0) {
          round.holding++;
          try { await Promise.all(batch.leased.map((l) => this.callAndSettle(l.row, l.entry))); } finally { round.holding--; }
          this.bump();
        }
        settled += batch.claimed;
      }
    }));
    return settled;
  }

  /** Something may have become due (a wake, a settled job): the next claim is worth making. */
  private bump(): void {
    this.epoch++;
    this.notifyWaiters();
  }

  private notifyWaiters(): void {
    for (const resolve of this.epochWaiters.splice(0)) resolve();
  }

  /** Resolves at the next `bump` (a wake, a settled batch, a stop). */
  private changed(): Promise<void> {
    return new Promise((resolve) => { this.epochWaiters.push(resolve); });
  }

  private async loop(): Promise<void> {
    while (this.running) {
      this.wakeRequested = false;
      try { await this.drain(); } catch (err) { this.onError(err); }
      if (!this.running) break;
      if (this.wakeRequested) continue;
      for (const resolve of this.idleWaiters.splice(0)) resolve();
      await this.sleep(await this.nextDueIn().catch((err) => { this.onError(err); return this.pollMs; }));
    }
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private sleep(ms: number): Promise<void> {
    const hint = this.dueHint;
    this.dueHint = Number.POSITIVE_INFINITY;
    let until = this.clock.now() + Math.min(ms, Math.max(0, hint - this.clock.now()));
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => { clearTimeout(timer); this.sleeping = undefined; this.wakeSleeper = undefined; resolve(); };
      const arm = () => { clearTimeout(timer); timer = setTimeout(done, Math.max(0, until - this.clock.now())); };
      arm();
      this.sleeping = { endBy: (at) => { if (at < until) { until = at; arm(); } } };
      this.wakeSleeper = done;
      if (this.wakeRequested || !this.running) done();
    });
  }

  private async nextDueIn(): Promise<number> {
    const kinds = [...this.handlers.keys()];
    if (kinds.length === 0) return this.pollMs;
    const variant = JSON.stringify(kinds);
    const next = await this.uow.read(async (q) => {
      const [pending] = await earliestPending(q, variant, {});
      const [leased] = await earliestLeaseEnd(q, variant, {});
      return Math.min(pending?.at ?? Infinity, leased?.at ?? Infinity);
    });
    return Math.max(0, Math.min(next - this.clock.now(), this.pollMs));
  }

  private async claimIfDue(): Promise<ClaimedBatch> {
    const epoch = this.epoch;
    return (await this.nextDueIn()) > 0 ? { claimed: 0, leased: [], epoch } : this.claim();
  }

  /** One claiming transaction: the jobs without a network step settled in it, those with one leased (not yet called). */
  private async claim(): Promise<ClaimedBatch> {
    const kinds = [...this.handlers.keys()];
    const leased: { row: JobRow; entry: AnyHandler }[] = [];
    if (kinds.length === 0 || (!this.running && this.loopDone)) return { claimed: 0, leased, epoch: this.epoch }; // stopped after a start: claim nothing more
    const now = this.clock.now();
    return this.uow.run(async (tx) => {
      leased.length = 0; // PostgreSQL may run this again after a serialization failure
      // read here, not when the claim was asked for: the wakes of a commit's after-commit effects that ran while this
      // waited for the write lock are already covered (their jobs are committed), and need no claim of their own
      const epoch = this.epoch;
      const rows = await claimDue(tx, kinds, now, this.batchSize, { liveOwners: this.o.liveOwners });
      const done = new Map<string | null, number[]>();
      for (const row of rows) {
        const settled = await this.settleInTransaction(tx, row, now, leased);
        if (settled !== undefined) done.set(settled.outcome, [...done.get(settled.outcome) ?? [], row.id]);
      }
      await this.markDone(tx, done);
      return { claimed: rows.length, leased, epoch };
    });
  }

  /**
   * One job of a claimed batch, in the batch's transaction. Returns the outcome of a job whose effects ran here;
   * it is marked done with the batch (`markDone`), not one statement per job.
   */
  private async settleInTransaction(tx: Tx, row: JobRow, now: number, leased: { row: JobRow; entry: AnyHandler }[]): Promise<{ outcome: string | null } | undefined> {
    const entry = this.handlers.get(row.kind)!;
    const attempt = row.attempts + 1;
    const { jobs } = tx.t;
    if (entry.kind.maxLatenessMs !== undefined && row.attempts === 0 && now - row.runAt > entry.kind.maxLatenessMs) {
      await tx.db.update(jobs).set({ status: 'late', outcome: `late by ${now - row.runAt} ms`, finishedAt: now, updatedAt: now })
        .where(eq(jobs.id, row.id));
      return;
    }
    if (entry.handler.call) {
      await leaseJob(tx, { id: row.id, owner: this.o.owner, until: now + entry.kind.leaseMs, attempts: attempt, now });
      leased.push({ row: { ...row, attempts: attempt }, entry });
      return;
    }
    let outcome;
    try {
      outcome = await tx.savepoint(() => entry.handler.run(tx, this.job(row, attempt), undefined));
    } catch (err) {
      await this.recordFailure(tx, row, attempt, err, 'pending'); // the claim holds: no other worker slips in between
      return undefined;
    }
    return { outcome: outcome || null };
  }

  /** Marks the batch's jobs done, one statement per distinct outcome (the jobs were claimed pending: one attempt more). */
  private async markDone(tx: Tx, done: Map<string | null, number[]>): Promise<void> {
    if (done.size === 0) return;
    const { jobs } = tx.t;
    const at = this.clock.now();
    for (const [outcome, ids] of done) {
      await tx.db.update(jobs).set({ status: 'done', outcome, attempts: sql`${jobs.attempts} + 1`, errcode: null, finishedAt: at, updatedAt: at })
        .where(inArray(jobs.id, ids));
    }
  }

  private job(row: JobRow, attempt: number): Job<unknown> {
    return { id: row.id, kind: row.kind, key: row.key, orderingKey: row.orderingKey, payload: JSON.parse(row.payload) as unknown,
      attempt, runAt: row.runAt, createdAt: row.createdAt };
  }

  private async callAndSettle(row: JobRow, entry: AnyHandler): Promise<void> {
    const job = this.job(row, row.attempts);
    let outcome: { result: unknown } | { err: unknown };
    try { outcome = { result: await entry.handler.call!(job) }; } catch (err) { outcome = { err }; }
    if (await this.completions.add({ row, entry, job, outcome })) this.onError(new LeaseLostError(row.id));
  }

  /**
   * One completion in its group's transaction (`./group-commit.ts`): the network step's failure recorded, or its
   * effects and the job's completion — undone together, after-commit effects included, when the lease is no longer ours.
   */
  private async complete(tx: Tx, c: Completion): Promise<void> {
    if ('err' in c.outcome) {
      if (!(await this.recordFailure(tx, c.row, c.row.attempts, c.outcome.err, 'running'))) throw new LeaseLostError(c.row.id);
      return;
    }
    const outcome = await c.entry.handler.run(tx, c.job, c.outcome.result);
    const owned = await finishLeasedJob(tx, { id: c.row.id, owner: this.o.owner, attempts: c.row.attempts, at: this.clock.now(), outcome: outcome || null });
    if (owned.length === 0) throw new LeaseLostError(c.row.id);
    await this.adopter.nextOfKeyIn(tx, c.row.orderingKey);
  }

  /**
   * The attempt failed: back to pending after the policy's backoff, or failed for good. Only if the job is still as we
   * left it; returns whether it was (false: another worker has it now).
   */
  private async recordFailure(tx: Tx, row: JobRow, attempt: number, err: unknown, was: 'pending' | 'running'): Promise<boolean> {
    const { retry } = this.handlers.get(row.kind)!.kind;
    const again = willRetry(retry, attempt, err);
    const { jobs } = tx.t;
    const now = this.clock.now();
    const runAt = again ? now + retry.backoffMs(attempt, err) : row.runAt;
    const updated = await tx.db.update(jobs).set({
      status: again ? 'pending' : 'failed', runAt, attempts: attempt,
      lockedBy: null, lockedUntil: null, outcome: message(err), errcode: errcodeOf(err), finishedAt: again ? null : now, updatedAt: now,
    }).where(and(eq(jobs.id, row.id), eq(jobs.status, was), eq(jobs.attempts, was === 'running' ? attempt : row.attempts),
      was === 'running' ? eq(jobs.lockedBy, this.o.owner) : undefined)).returning({ id: jobs.id });
    if (updated.length === 0) return false;
    // tried again at `runAt` (its successors wait for it), or failed for good (they do not: the next one may run)
    if (again) this.adopter.tellAfterCommit(tx, runAt);
    else await this.adopter.nextOfKeyIn(tx, row.orderingKey);
    return true;
  }
}
