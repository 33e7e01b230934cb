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
import type { Clock } from '../clock';
import type { JobHandler, JobKind } from '../core/ports/jobs';
import type { Db } from '../db/index';
import { jobs } from '../db/schema/index';
import type { Logger } from '../log';
import type { TimeDriven } from '../time-travel';
import { sqliteUnitOfWorkOn } from '../adapters/db/sqlite/unit-of-work';
import type { UnitOfWork } from '../core/ports/unit-of-work';
import { createJobs } from '../adapters/jobs/index';
import { dueCondition } from '../adapters/jobs/claim';

export interface ProductJobs {
  /** This process's name on the jobs it leases. */
  readonly owner: string;
  /** `travelStops: false`: time travel does not stop at this kind's due times (housekeeping; it runs after the jump). */
  handle<P, R>(kind: JobKind<P>, handler: JobHandler<P, R>, o?: { travelStops?: boolean }): void;
  start(): void;
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
}

/**
 * `d.uow`: the product's one unit of work on its connection (start.ts composes it once and shares it: two units of
 * work on one SQLite connection would interleave their transactions); without it the queue makes its own.
 */
export function createProductJobs(d: { db: Db; clock: Clock; log: Logger; uow?: UnitOfWork }, o: ProductJobsOptions = {}): ProductJobs {
  const owner = o.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const ownUow = d.uow === undefined;
  const uow = d.uow ?? sqliteUnitOfWorkOn(d.db.$client, { onEffectError: (err) => d.log.error({ err }, 'job after-commit effect failed') });
  const { runner, stop } = createJobs({ uow, clock: d.clock }, {
    owner, batchSize: o.batchSize ?? 50, concurrency: o.concurrency ?? 8,
    onError: (err) => d.log.error({ err: err instanceof Error ? err.message : err }, 'job runner'),
  });
  const kinds: string[] = [];
  const stopKinds: string[] = [];
  let started = false;
  const part: TimeDriven = {
    name: 'jobs',
    nextDueAt: (now) => d.db.select({ at: min(jobs.runAt) }).from(jobs)
      .where(and(eq(jobs.status, 'pending'), inArray(jobs.kind, stopKinds), gt(jobs.runAt, now))).get()?.at ?? undefined,
    busy: (now) => started && kinds.length > 0 && d.db.select({ id: jobs.id }).from(jobs)
      .where(or(dueCondition(jobs, kinds, now), and(eq(jobs.status, 'running'), eq(jobs.lockedBy, owner)))).limit(1).get() !== undefined,
    runDue: () => runner.idle(),
  };
  return {
    owner, part,
    handle(kind, handler, ho = {}) {
      kinds.push(kind.name);
      if (ho.travelStops !== false) stopKinds.push(kind.name);
      runner.handle(kind, handler);
    },
    start() { started = true; runner.start(); },
    wake() { runner.wake(); },
    idle() { return started ? runner.idle() : Promise.resolve(); },
    async stop() { started = false; await stop(); if (ownUow) await uow.close(); },
  };
}
