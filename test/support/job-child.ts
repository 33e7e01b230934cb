/**
 * @module A worker process for the lease-takeover tests: it claims jobs and then hangs — a network step
 * that never returns (`crash.net`), a handler that never finishes its transaction (`crash.db`) — printing
 * one line per job in hand, so the test can SIGKILL it while it holds them.
 * Args: <sqlite|postgres> <path or url> <clock ms> [live]. `live` (PostgreSQL): the worker holds its proof-of-life
 * lock as the product's instances do, and says `live` once it holds it.
 */
import { createJobs } from '../../server/adapters/jobs/index';
import { sqliteUnitOfWork } from '../../server/adapters/db/sqlite/unit-of-work';
import { pgUnitOfWork } from '../../server/adapters/db/pg/unit-of-work';
import { openPg } from '../../server/adapters/db/pg/open';
import { pgAdvisoryLock } from '../../server/adapters/locks/pg-advisory';
import { holdJobOwner, JOB_OWNER_LOCK } from '../../server/adapters/jobs/owner';
import { crashDb, crashNet } from './job-kinds';

const [engine, location, at, live] = process.argv.slice(2);
const pg = engine === 'postgres' ? await openPg(location!, { migrate: false, max: 6 }) : undefined;
const uow = pg ? pgUnitOfWork(pg) : sqliteUnitOfWork(location!, { migrate: false });
const never = new Promise<never>(() => undefined);
const say = (line: string) => process.stdout.write(`${line}\n`);
if (live && pg) {
  await holdJobOwner(pgAdvisoryLock(pg.pool, JOB_OWNER_LOCK), 'child');
  say('live');
}
const jobs = createJobs({ uow, clock: { now: () => Number(at) } }, { owner: 'child', concurrency: 4, batchSize: 1, liveOwners: Boolean(live) });
jobs.runner.handle(crashNet, { call: async (j) => { say(`leased ${j.id}`); return never; }, run: async () => undefined });
jobs.runner.handle(crashDb, {
  run: async (tx, j) => {
    await tx.db.insert(tx.t.appSettings).values({ key: `effect:${j.id}`, value: 'by the child', updatedAt: 0 });
    say(`in-tx ${j.id}`);
    return never;
  },
});
void jobs.runner.drain();
