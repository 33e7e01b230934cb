/**
 * @module The job queue as the composition root wires it: enqueue (into the caller's transaction) and the
 * runner on one unit of work and clock; with a bus, a commit that enqueued wakes the runners of every instance.
 */
import type { Bus } from '../../core/ports/bus';
import type { Clock } from '../../core/ports/clock';
import type { UnitOfWork } from '../../core/ports/unit-of-work';
import { SqlJobQueue } from './queue';
import { SqlJobRunner, type RunnerOptions } from './runner';

export const JOBS_CHANNEL = 'jobs.enqueued';

export interface Jobs {
  queue: SqlJobQueue;
  runner: SqlJobRunner;
  /** Stops the runner and the bus subscription. */
  stop(): Promise<void>;
}

export function createJobs(d: { uow: UnitOfWork; clock: Clock; bus?: Bus }, o: RunnerOptions): Jobs {
  const runner = new SqlJobRunner(d.uow, d.clock, o);
  const queue = new SqlJobQueue(d.clock, async () => {
    runner.wake();
    await d.bus?.publish(JOBS_CHANNEL, { from: o.owner });
  });
  const off = d.bus?.subscribe(JOBS_CHANNEL, (m) => {
    if ((m as { from?: string } | null)?.from !== o.owner) runner.wake();
  });
  return { queue, runner, async stop() { off?.(); await runner.stop(); } };
}
