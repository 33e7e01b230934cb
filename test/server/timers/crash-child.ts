/**
 * @module Child process for the crash test: opens the database file given as argv[2], runs a real
 * job runner with durable timers (real clock) whose handler writes one `timer_fire_log` row per run inside the claiming
 * transaction, and runs until killed. With argv[3] = N it hangs inside the claiming transaction of its
 * (N+1)-th timer and says `stuck` on stdout, so the parent's SIGKILL lands mid-stream, mid-transaction.
 */
import { writeSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { openDb } from '../../../server/adapters/db/sqlite/index';
import { systemClock } from '../../../server/app/clock';
import { createLogger } from '../../../server/app/log';
import { DurableTimers } from '../../../server/core/timers/durable-timers';
import { createProductJobs } from '../../../server/app/jobs-runtime';
import { sqliteUnitOfWorkOn } from '../../../server/adapters/db/sqlite/unit-of-work';

const path = process.argv[2];
if (!path) throw new Error('usage: crash-child.ts <db> [hang-after]');
const hangAfter = process.argv[3] === undefined ? Infinity : Number(process.argv[3]);
let runs = 0;
const db = openDb(path);
db.run(sql`create table if not exists timer_fire_log (timer_id integer not null, pid integer not null, at integer not null)`);
const d = { db, clock: systemClock, log: createLogger('silent'), uow: sqliteUnitOfWorkOn(db.$client) };
const jobs = createProductJobs(d);
new DurableTimers(d, jobs, { maxLatenessMs: 3_600_000 })
  // the log table is this test's own: written on the connection the job's transaction runs on (SQLite), so part of it
  .register('crash.test', async (_tx, t, now) => {
    db.run(sql`insert into timer_fire_log (timer_id, pid, at) values (${t.id}, ${process.pid}, ${now})`);
    if (++runs > hangAfter) {
      writeSync(1, 'stuck\n');
      for (;;) { /* hang inside the transaction until killed */ }
    }
    return 'logged';
  });
jobs.start();
process.stdout.write('ready\n');
setInterval(() => {}, 1 << 30);
