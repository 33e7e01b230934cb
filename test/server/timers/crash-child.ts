/**
 * @module Child process for the crash test: opens the database file given as argv[2], runs a real
 * `TimerScheduler` (real clock) whose handler writes one `timer_fire_log` row per run inside the claiming
 * transaction, and runs until killed — or, with argv[3] = N, SIGKILLs itself inside the N-th handler, mid
 * transaction (a kill that lands mid-stream whatever the machine's load).
 */
import { sql } from 'drizzle-orm';
import { openDb } from '../../../server/db/index';
import { systemClock } from '../../../server/clock';
import { createLogger } from '../../../server/log';
import { TimerScheduler } from '../../../server/timers/scheduler';

const path = process.argv[2];
if (!path) throw new Error('usage: crash-child.ts <db> [die-after]');
const dieAfter = process.argv[3] ? Number(process.argv[3]) : Infinity;
let handled = 0;
const db = openDb(path);
db.run(sql`create table if not exists timer_fire_log (timer_id integer not null, pid integer not null, at integer not null)`);
new TimerScheduler({ db, clock: systemClock, log: createLogger('silent') }, { backstopMs: 200, maxLatenessMs: 3_600_000 })
  .register('crash.test', (tx, t, now) => {
    tx.run(sql`insert into timer_fire_log (timer_id, pid, at) values (${t.id}, ${process.pid}, ${now})`);
    if (++handled >= dieAfter) process.kill(process.pid, 'SIGKILL');
    const until = Date.now() + 1; // ~1 ms of work per timer, so the kill lands mid-stream
    while (Date.now() < until) { /* busy */ }
    return 'logged';
  })
  .start();
process.stdout.write('ready\n');
setInterval(() => {}, 1 << 30);
