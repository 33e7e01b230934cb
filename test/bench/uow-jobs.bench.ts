/**
 * @module Benchmark (plain tsx script): the async unit of work and the job queue against the current
 * synchronous code, in the same run. (1) One transaction per inbound message (insert the message, update the
 * conversation): the product's `db.transaction` (better-sqlite3, its statement cache) vs the same without the
 * cache vs the SQLite unit of work (no cache) vs the PostgreSQL one. (2) Jobs: N due durable timers fired by the product (its job queue on its own
 * connection, synchronous handlers) vs N jobs drained by the bare job runner on SQLite, and on PostgreSQL with one and two runners. PostgreSQL: TEST_PG_URL, else a throw-away
 * cluster when installed. Run: `npm run bench uow-jobs` (BENCH_N=n).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { openDb } from '../../server/adapters/db/sqlite/index';
import { conversations, messages } from '../../server/adapters/db/sqlite/schema/index';
import { createLogger } from '../../server/app/log';
import { DurableTimers } from '../../server/core/timers/durable-timers';
import { createProductJobs } from '../../server/app/jobs-runtime';
import { armTimerIn } from '../../server/core/timers/arm';
import { sqliteUnitOfWork, sqliteUnitOfWorkOn } from '../../server/adapters/db/sqlite/unit-of-work';
import { openSqliteWriter } from '../../server/adapters/db/sqlite/open';
import { pgUnitOfWork } from '../../server/adapters/db/pg/unit-of-work';
import { openPg } from '../../server/adapters/db/pg/open';
import { createJobs } from '../../server/adapters/jobs/index';
import { backoffRetry, jobKind } from '../../server/core/ports/jobs';
import type { Tx, UnitOfWork } from '../../server/core/ports/unit-of-work';
import { findPgBin, startPgCluster, stopPgCluster } from '../support/pg-cluster';
import { createTestDatabase } from '../support/pg-template';

const N = Number(process.env.BENCH_N ?? 2000);
const NOW = 1_790_000_000_000;
const clock = { now: () => NOW };
const dir = mkdtempSync(join(tmpdir(), 'moonshift-bench-uow-'));
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
const results: Record<string, number> = {};
const report = (label: string, n: number, ms: number) => { results[label] = rate(n, ms); console.log(`  ${label.padEnd(46)} ${String(rate(n, ms)).padStart(7)} /s`); };

const message = (i: number, conversationId: number) => ({ msgid: `m${i}`, conversationId, origin: 3 as const, msgtype: 'text',
  content: '{"content":"你好"}', sendTime: NOW / 1000, receivedAt: NOW });

async function inboundOnUow(label: string, uow: UnitOfWork, n: number): Promise<void> {
  const [conv] = await uow.run((tx) => tx.db.insert(tx.t.conversations).values({ openKfid: 'wk', externalUserid: 'wm', createdAt: NOW, updatedAt: NOW }).returning());
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    await uow.run(async (tx) => {
      await tx.db.insert(tx.t.messages).values(message(i, conv!.id));
      await tx.db.update(tx.t.conversations).set({ lastCustomerAt: NOW, unansweredCount: sql`unanswered_count + 1`, updatedAt: NOW })
        .where(eq(tx.t.conversations.id, conv!.id));
    });
  }
  report(label, n, performance.now() - t0);
}

function inboundSync(n: number, label: string, db: Pick<ReturnType<typeof openDb>, 'insert' | 'transaction'>): void {
  const conv = db.insert(conversations).values({ openKfid: 'wk', externalUserid: 'wm', createdAt: NOW, updatedAt: NOW }).returning().get();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    db.transaction((tx) => {
      tx.insert(messages).values(message(i, conv.id)).run();
      tx.update(conversations).set({ lastCustomerAt: NOW, unansweredCount: sql`unanswered_count + 1`, updatedAt: NOW }).where(eq(conversations.id, conv.id)).run();
    });
  }
  report(label, n, performance.now() - t0);
}

const effect = async (tx: Tx, id: number) => { await tx.db.insert(tx.t.appSettings).values({ key: `e${id}`, value: 'x', updatedAt: NOW }); };
const timerKind = jobKind<{ i: number }>('bench.timer', { retry: backoffRetry({ maxAttempts: 3, baseMs: 1000 }) });

async function productTimers(n: number): Promise<void> {
  const db = openDb(join(dir, 'timers.db'));
  const d = { db, clock, log: createLogger('silent'), uow: sqliteUnitOfWorkOn(db.$client) };
  await d.uow.run(async (tx) => { for (let i = 0; i < n; i++) await armTimerIn(tx, { kind: 'bench', key: `t${i}`, dueAt: NOW, now: NOW }); });
  const jobs = createProductJobs(d);
  new DurableTimers(d, jobs).register('bench', async (tx, t) => {
    await tx.db.insert(tx.t.appSettings).values({ key: `e${t.id}`, value: 'x', updatedAt: NOW });
  });
  const t0 = performance.now();
  jobs.start();
  await jobs.idle();
  report('durable timers (product job queue, SQLite)', n, performance.now() - t0);
  await jobs.stop(); await d.uow.close();
  db.$client.close();
}

async function jobsOn(label: string, uows: UnitOfWork[], n: number): Promise<void> {
  const all = uows.map((uow, i) => {
    const j = createJobs({ uow, clock }, { owner: `r${i}`, concurrency: 4 });
    j.runner.handle(timerKind, { run: async (tx, job) => { await effect(tx, job.id); } });
    return j;
  });
  await uows[0]!.run(async (tx) => { for (let i = 0; i < n; i++) await all[0]!.queue.enqueue(tx, timerKind, { i }, { key: `t${i}` }); });
  const t0 = performance.now();
  await Promise.all(all.map((j) => j.runner.drain()));
  report(label, n, performance.now() - t0);
}

let cluster: { url: string; dir: string } | undefined;
try {
  console.log(`one transaction per inbound message (insert + update), ${N} messages:`);
  const cached = openDb(join(dir, 'sync.db'));
  inboundSync(N, 'sync db.transaction (SQLite, baseline)', cached);
  cached.$client.close();
  const plain = openSqliteWriter(join(dir, 'plain.db'));
  inboundSync(N, 'sync, without the prepare() cache (SQLite)', plain.db as unknown as ReturnType<typeof openDb>);
  plain.sqlite.close();
  const lite = sqliteUnitOfWork(join(dir, 'uow.db'));
  await inboundOnUow('async unit of work (SQLite)', lite, N);
  await lite.close();

  let pgUrl = process.env.TEST_PG_URL;
  if (!pgUrl && findPgBin()) { cluster = await startPgCluster(); pgUrl = cluster.url; }
  const pgDb = pgUrl ? await createTestDatabase(pgUrl) : undefined;
  const pgUow = async (max = 8) => pgUnitOfWork(await openPg(pgDb!.url, { migrate: false, max }));
  if (pgDb) {
    const u = await pgUow();
    await inboundOnUow('async unit of work (PostgreSQL)', u, Math.min(N, 1000));
    await u.close();
  }

  console.log(`due jobs fired, each writing one row in its claiming transaction, ${N} jobs:`);
  await productTimers(N);
  const liteJobs = sqliteUnitOfWork(join(dir, 'jobs.db'));
  await jobsOn('job runner (SQLite)', [liteJobs], N);
  await liteJobs.close();
  if (pgDb) {
    const one = await pgUow();
    await jobsOn('job runner (PostgreSQL, one runner)', [one], Math.min(N, 1000));
    await one.handle.pool.query('delete from jobs; delete from app_settings');
    const two = await pgUow();
    await jobsOn('job runner (PostgreSQL, two runners)', [one, two], Math.min(N, 1000));
    await one.close(); await two.close();
    await pgDb.drop();
  }
  const ratio = (a: string, b: string) => (results[a] && results[b] ? +(results[a] / results[b]).toFixed(2) : null);
  console.log(JSON.stringify({
    perSecond: results,
    uowSqliteToSync: ratio('async unit of work (SQLite)', 'sync db.transaction (SQLite, baseline)'),
    syncWithoutCacheToSync: ratio('sync, without the prepare() cache (SQLite)', 'sync db.transaction (SQLite, baseline)'),
    uowPgToSync: ratio('async unit of work (PostgreSQL)', 'sync db.transaction (SQLite, baseline)'),
    productTimersToJobs: ratio('durable timers (product job queue, SQLite)', 'job runner (SQLite)'),
    jobsPgToSqlite: ratio('job runner (PostgreSQL, one runner)', 'job runner (SQLite)'),
    jobsPgTwoToOne: ratio('job runner (PostgreSQL, two runners)', 'job runner (PostgreSQL, one runner)'),
  }));
} finally {
  if (cluster) stopPgCluster(cluster.dir);
  rmSync(dir, { recursive: true, force: true });
}
