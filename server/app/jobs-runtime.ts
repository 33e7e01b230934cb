/**
 * @module The product's one job queue (server/adapters/jobs) as this process runs it: outbox sends, relays,
 * duty-manager alerts and durable timers are job kinds on it, each with its retry policy declared with the kind.
 * One runner loop (single-flight), leases with an owner and an expiry (a second instance on the same database
 * could share the work), due times from the injected clock. On SQLite the unit of work shares the product's
 * connection. It is one part of time travel: a jump stops at every instant a job is due and waits there until
 * the runner is idle (the jobs' network calls and effects done). `idle()` is the "queue drained" hook.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { and, eq, gt, inArray, min, or } from 'drizzle-orm';
import type { Clock } from './clock';
import type { JobHandler, JobKind } from '../core/ports/jobs';
import { first } from '../core/ports/queries';
import type { Logger } from './log';
import type { TimeDriven } from './time-travel';
import type { UnitOfWork } from '../core/ports/unit-of-work';
import { createJobs } from '../adapters/jobs/index';
import { dueCondition } from '../adapters/jobs/claim';
import { holdJobOwner } from '../adapters/jobs/owner';
import type { KeyedLock } from '../core/ports/shared-state';

export interface ProductJobs {
  /** This process's name on the jobs it leases. */
  readonly owner: string;
  /** The unit of work the queue runs its jobs in (the product's one). */
  readonly uow: UnitOfWork;
  /** `travelStops: false`: time travel does not stop at this kind's due times (housekeeping; it runs after the jump). */
  handle<P, R>(kind: JobKind<P>, handler: JobHandler<P, R>, o?: { travelStops?: boolean }): void;
  /** Starts the runner (with `ownerLock`: once this instance holds its proof-of-life lock; rejects if it cannot). */
  start(): Promise<void>;
  /** Something was enqueued or became due (call after the commit that enqueued). */
  wake(): void;
  /** Resolves once nothing is due by the clock's now and no job is in hand: the "queue drained" signal. */
  idle(): Promise<void>;
  /** Stops claiming; resolves when the jobs in hand are settled. */
  stop(): Promise<void>;
  /** The queue as a part of time travel (demo and test mode). */
  readonly part: TimeDriven;
}

export interface ProductJobsOptions {
  owner?: string;
  /** Jobs claimed per transaction and lanes working at once (their network calls overlap). */
  batchSize?: number;
  concurrency?: number;
  /**
   * The shared keyed lock of `JOB_OWNER_LOCK` (every instance of the product gives it): the runner holds its owner's
   * key while it runs, and takes over at once a job whose owner's instance died (adapters/jobs/owner.ts).
   */
  ownerLock?: KeyedLock;
}

/**
 * `d.uow`: the product's one unit of work on its connection (start.ts composes it once and shares it: two units of
 * work on one SQLite connection would interleave their transactions). The queue does not close it.
 */
export function createProductJobs(d: { clock: Clock; log: Logger; uow: UnitOfWork }, o: ProductJobsOptions = {}): ProductJobs {
  const owner = o.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const { uow } = d;
  const { runner, stop } = createJobs({ uow, clock: d.clock }, {
    owner, batchSize: o.batchSize ?? 50, concurrency: o.concurrency ?? 8, liveOwners: o.ownerLock !== undefined,
    onError: (err) => d.log.error({ err: err instanceof Error ? err.message : err }, 'job runner'),
  });
  const kinds: string[] = [];
  const stopKinds: string[] = [];
  let started = false;
  /** Settles once the runner may claim (the owner's lock held); `letGo` releases the lock after the runner stopped. */
  let ready: Promise<void> = Promise.resolve();
  let letGo: (() => Promise<void>) | undefined;
  // Committed state only (a read outside any transaction): what the runner would find.
  const part: TimeDriven = {
    name: 'jobs',
    nextDueAt: (now) => (stopKinds.length === 0 ? undefined : uow.read(async ({ db, t: { jobs } }) => (await first(db.select({ at: min(jobs.runAt) }).from(jobs)
      .where(and(eq(jobs.status, 'pending'), inArray(jobs.kind, stopKinds), gt(jobs.runAt, now)))))?.at ?? undefined)),
    busy: async (now) => started && kinds.length > 0 && await uow.read(async ({ db, t: { jobs } }) => (await first(db.select({ id: jobs.id }).from(jobs)
      .where(or(dueCondition(jobs, kinds, now), and(eq(jobs.status, 'running'), eq(jobs.lockedBy, owner)))).limit(1))) !== undefined),
    runDue: () => runner.idle(),
  };
  return {
    owner, uow, part,
    handle(kind, handler, ho = {}) {
      kinds.push(kind.name);
      if (ho.travelStops !== false) stopKinds.push(kind.name);
      runner.handle(kind, handler);
    },
    start() {
      started = true;
      if (!o.ownerLock) { runner.start(); return Promise.resolve(); }
      ready = holdJobOwner(o.ownerLock, owner).then((release) => { letGo = release; if (started) runner.start(); });
      return ready;
    },
    wake() { runner.wake(); },
    idle() { return started ? ready.then(() => runner.idle()) : Promise.resolve(); },
    async stop() {
      started = false;
      await ready.catch(() => undefined);
      await stop();
      await letGo?.();
      letGo = undefined;
    },
  };
}
