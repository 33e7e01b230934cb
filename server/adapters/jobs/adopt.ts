/**
 * @module Adoption: a running job runner takes the jobs its own unit of work makes without claiming them. A job
 * with a network step, due now and first in its ordering chain, is leased in the transaction that enqueued it (the
 * same owner, expiry and attempt count as a claim) and its call starts right after that commit; the next job of a
 * chain is adopted the same way by the transaction that completes (or fails for good) the one before; any other
 * job's due time is told to the runner after its commit. What survives a crash is a claim's: a job leased by a dead
 * process is taken over when its lease ends, and a rollback (or a savepoint's) undoes the lease and the start together.
 */
import { and, asc, eq, inArray, sql, type Placeholder } from 'drizzle-orm';
import type { JobRow } from '../db/sqlite/schema/jobs';
import type { Clock } from '../../core/ports/clock';
import { reusableQuery } from '../../core/ports/reusable-query';
import type { Tx } from '../../core/ports/unit-of-work';
import { unitOf } from '../db/transaction-scope';
import type { AnyHandler } from './runner';

/** An adopted job's lease: running under this owner until `until`, one attempt more. */
const leaseOf = (p: Record<'owner' | 'until' | 'attempts' | 'now', Placeholder>) =>
  ({ status: 'running' as const, lockedBy: sql`${p.owner}`, lockedUntil: sql`${p.until}`, attempts: sql`${p.attempts}`, updatedAt: sql`${p.now}` });

/** The lease of an adopted job, only while it is pending (on PostgreSQL another instance may have claimed it meanwhile). */
const adoptJob = reusableQuery('jobs_adopt', ['id', 'owner', 'until', 'attempts', 'now'], ({ db, t: { jobs } }, p) =>
  db.update(jobs).set(leaseOf(p)).where(and(eq(jobs.id, p.id), eq(jobs.status, 'pending'))).returning({ id: jobs.id }));

/**
 * The same lease for a job just made, only if it heads its ordering chain: no earlier job of its key still pending or
 * running (one statement where a look for an earlier job and the lease were two, for every job a transaction makes).
 */
const adoptNewJob = reusableQuery('jobs_adopt_new', ['id', 'orderingKey', 'owner', 'until', 'attempts', 'now'], ({ db, t: { jobs } }, p) =>
  db.update(jobs).set(leaseOf(p)).where(and(eq(jobs.id, p.id), eq(jobs.status, 'pending'),
    // written out: drizzle renders a column unqualified in a where clause, which would bind to the inner alias
    sql`not exists (select 1 from jobs earlier where earlier.ordering_key = ${p.orderingKey} and earlier.id < ${p.id}
      and earlier.status in ('pending', 'running'))`)).returning({ id: jobs.id }));

/** Whether an earlier job of the ordering key is still pending or running (a later one waits for it). */
const earlierOfKey = reusableQuery('jobs_earlier_of_key', ['orderingKey', 'id'], ({ db, t: { jobs } }, p) =>
  db.select({ id: jobs.id }).from(jobs).where(and(eq(jobs.orderingKey, p.orderingKey), sql`${jobs.id} < ${p.id}`, inArray(jobs.status, ['pending', 'running']))).limit(1));

/** The first job of an ordering key still pending or running: the head of its chain (the one that may run). */
const headOfKey = reusableQuery('jobs_head_of_key', ['orderingKey'], ({ db, t: { jobs } }, p) =>
  db.select().from(jobs).where(and(eq(jobs.orderingKey, p.orderingKey), inArray(jobs.status, ['pending', 'running']))).orderBy(asc(jobs.id)).limit(1));

/** What adoption needs of the runner it adopts for. */
export interface AdoptingRunner {
  /** This instance's name on the jobs it leases. */
  owner: string;
  clock: Clock;
  /** At most this many adopted jobs in flight; beyond, new jobs wait for claims. */
  maxInFlight: number;
  /** The handler of a kind, while the runner runs (undefined: stopped, or a kind it does not handle). */
  entryFor(kind: string): AnyHandler | undefined;
  /** Runs a leased job's network step and settles it (as a claimed one's). */
  callAndSettle(row: JobRow, entry: AnyHandler): Promise<void>;
  /** A job due at `at` was committed. */
  wakeAt(at: number): void;
  /** An adopted job settled (or failed to): whoever waits for the jobs in flight looks again. */
  settled(): void;
  onError(err: unknown): void;
}

/** The adopter of each unit of work (at most one runner adopts for it): see `adoptIn`. */
const adopters = new WeakMap<object, Adopter>();

/**
 * A job just inserted in `tx`, told to the adopter of `tx`'s unit of work (when a runner runs there and handles the
 * kind): adopted, left to the completion of an earlier job of its key, or told after commit. Returns whether the
 * runner has it in hand: false means nobody was told (the caller wakes whom it must).
 */
export async function adoptIn(tx: Tx, row: JobRow): Promise<boolean> {
  const unit = unitOf(tx);
  const adopter = unit && adopters.get(unit);
  return adopter ? adopter.adoptIn(tx, row) : false;
}

export class Adopter {
  /** Adopted jobs whose network step and settle are in flight. */
  private readonly inFlight = new Set<Promise<void>>();
  /** Per transaction that made jobs this runner claims: their earliest due time, told after its commit. */
  private readonly toTell = new WeakMap<Tx, { at: number }>();

  constructor(private readonly r: AdoptingRunner) {}

  /** Adopts the jobs `unit`'s transactions make (until `leave`). */
  joinUnit(unit: object): void { adopters.set(unit, this); }

  leaveUnit(unit: object): void { if (adopters.get(unit) === this) adopters.delete(unit); }

  /** Adopted jobs in flight. */
  get size(): number { return this.inFlight.size; }

  /** Resolves once no adopted job is in flight. */
  async settledAll(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  /** `adoptIn` for this runner (see there). */
  async adoptIn(tx: Tx, row: JobRow): Promise<boolean> {
    if (!this.r.entryFor(row.kind)) return false;
    // To start now, the lease itself checks it heads its chain (leased nothing: an earlier job of its key will adopt
    // it when it ends); only a job told instead looks for an earlier one first (it would be told in vain).
    if (row.orderingKey !== null && !this.startsNow(row)) {
      return (await earlierOfKey(tx, { orderingKey: row.orderingKey, id: row.id })).length > 0 || this.adoptHeadIn(tx, row);
    }
    return this.adoptHeadIn(tx, row, row.orderingKey ?? undefined);
  }

  /**
   * In the transaction that finished a job of an ordering key: the next job of that key, now free to run, is adopted
   * or told like a new one — the runner need not look for it (a read or a claim per settled job).
   */
  async nextOfKeyIn(tx: Tx, orderingKey: string | null): Promise<void> {
    if (orderingKey === null) return;
    const [head] = await headOfKey(tx, { orderingKey });
    if (head) await this.adoptHeadIn(tx, head);
  }

  /** After `tx` commits: `wakeAt` the earliest due time of the jobs it made that this runner claims. */
  tellAfterCommit(tx: Tx, at: number): void {
    const told = this.toTell.get(tx);
    if (told) { told.at = Math.min(told.at, at); return; }
    const entry = { at };
    this.toTell.set(tx, entry);
    tx.afterCommit(() => { this.r.wakeAt(entry.at); });
  }

  /** Whether a pending job would be leased and started at once (a network step, due, room in flight) rather than told. */
  private startsNow(row: JobRow, now = this.r.clock.now()): boolean {
    return this.r.entryFor(row.kind)?.handler.call !== undefined && row.runAt <= now && this.inFlight.size < this.r.maxInFlight;
  }

  /**
   * A pending job that may run (no earlier one of its key left — or, given `headOf`, none of that key: checked by the
   * lease): leased and started after `tx` commits, or told.
   */
  private async adoptHeadIn(tx: Tx, row: JobRow, headOf?: string): Promise<boolean> {
    const entry = this.r.entryFor(row.kind);
    if (!entry || row.status !== 'pending') return false;
    const now = this.r.clock.now();
    if (!this.startsNow(row, now)) {
      this.tellAfterCommit(tx, row.runAt);
      return true;
    }
    const attempts = row.attempts + 1;
    const until = now + entry.kind.leaseMs;
    const lease = { id: row.id, owner: this.r.owner, until, attempts, now };
    const leasedRows = headOf === undefined ? await adoptJob(tx, lease) : await adoptNewJob(tx, { ...lease, orderingKey: headOf });
    if (leasedRows.length === 0) return true; // taken by another runner, or (headOf) an earlier job of its key adopts it when it ends
    const leased: JobRow = { ...row, status: 'running', attempts, lockedBy: this.r.owner, lockedUntil: until, updatedAt: now };
    tx.afterCommit(() => { this.start(leased, entry); });
    return true;
  }

  private start(row: JobRow, entry: AnyHandler): void {
    if (!this.r.entryFor(row.kind)) return; // stopped before the commit: the lease ends and the job is taken over then
    const flight: Promise<void> = this.r.callAndSettle(row, entry)
      .catch((err: unknown) => { this.r.onError(err); }) // its lease ends and the job is taken over
      .finally(() => {
        this.inFlight.delete(flight);
        // its successor (same ordering key) was adopted or told in its completing transaction (`nextOfKeyIn`): nothing
        // became due that this runner was not told of; a drain waiting for the jobs in flight looks again
        this.r.settled();
      });
    this.inFlight.add(flight);
  }
}
