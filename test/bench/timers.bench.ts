/**
 * @module Benchmark (plain tsx script): durable-timer lateness against a plain `setTimeout` in the same run,
 * and the cost of arming the two escalation timers against a plain message insert (each in its own
 * transaction on a real WAL SQLite file), and the firing rate of due timers. Run: `npx tsx test/bench/timers.bench.ts` (BENCH_TIMERS=n).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../../server/adapters/db/sqlite/index';
import { systemClock } from '../../server/app/clock';
import { createLogger } from '../../server/app/log';
import { conversations, type Conversation, type Message } from '../../server/adapters/db/sqlite/schema/index';
import { armTimerIn } from '../../server/core/timers/arm';
import { armEscalations } from '../../server/core/escalation/arm';
import { DurableTimers } from '../../server/core/timers/durable-timers';
import { sqliteUnitOfWorkOn } from '../../server/adapters/db/sqlite/unit-of-work';
import { createProductJobs } from '../../server/app/jobs-runtime';

const N = Number(process.env.BENCH_TIMERS ?? 1000);
const RATE_N = Number(process.env.BENCH_TIMER_RATE ?? 5000);
const SPREAD_MS = 3000;
const LEAD_MS = 1000;
const dir = mkdtempSync(join(tmpdir(), 'moonshift-bench-timers-'));
const db = openDb(join(dir, 'bench.db'));

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN; };
const stats = (xs: number[]) => ({ p50: pct(xs, 50), p99: pct(xs, 99), max: Math.max(...xs) });
const dues = (start: number) => Array.from({ length: N }, (_, i) => start + Math.round((i * SPREAD_MS) / N));

async function baselineLateness(): Promise<number[]> {
  const start = Date.now() + LEAD_MS;
  const late: number[] = [];
  await Promise.all(dues(start).map((due) => new Promise<void>((r) => setTimeout(() => { late.push(Date.now() - due); r(); }, due - Date.now()))));
  return late;
}

async function timerLateness(): Promise<number[]> {
  const late: number[] = [];
  const start = Date.now() + LEAD_MS; // arming 1,000 rows must finish before the first is due
  const d = { db, clock: systemClock, log: createLogger('silent'), uow: sqliteUnitOfWorkOn(db.$client) };
  await d.uow.run(async (tx) => { for (const [i, due] of dues(start).entries()) await armTimerIn(tx, { kind: 'bench', key: `bench:${i}`, dueAt: due, now: Date.now() }); });
  const jobs = createProductJobs(d);
  new DurableTimers(d, jobs).register('bench', async (_tx, t) => { late.push(Date.now() - t.dueAt); return 'ok'; });
  if (Date.now() >= start) throw new Error('arming took longer than the lead time: raise LEAD_MS');
  jobs.start();
  while (late.length < N) await new Promise((r) => setTimeout(r, 20));
  await jobs.stop(); await d.uow.close();
  return late;
}

/** Firing throughput: `n` timers all due now, each handler writing one row, fired by the product's job queue. */
async function firingRate(n: number): Promise<number> {
  const fdb = openDb(join(dir, `rate-${n}.db`));
  const now = Date.now();
  const d = { db: fdb, clock: systemClock, log: createLogger('silent'), uow: sqliteUnitOfWorkOn(fdb.$client) };
  await d.uow.run(async (tx) => { for (let i = 0; i < n; i++) await armTimerIn(tx, { kind: 'bench', key: `r${i}`, dueAt: now, now }); });
  const jobs = createProductJobs(d);
  new DurableTimers(d, jobs).register('bench', async (tx, t) => {
    await tx.db.insert(tx.t.appSettings).values({ key: `e${t.id}`, value: 'x', updatedAt: now });
  });
  const t0 = performance.now();
  jobs.start();
  await jobs.idle();
  const rate = Math.round(n / ((performance.now() - t0) / 1000));
  await jobs.stop(); await d.uow.close();
  fdb.$client.close();
  return rate;
}

/** Microseconds per op, a unit of work per op (the pipeline's way: the storing transaction is one `uow.run`). */
async function perOpAsync(label: string, n: number, fn: (i: number) => Promise<void>): Promise<number> {
  for (let i = 0; i < 200; i++) await fn(-1 - i); // warm-up
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn(i);
  const us = Math.round(Number(process.hrtime.bigint() - t0) / 100 / n) / 10;
  console.log(`  ${label.padEnd(44)} ${us.toFixed(1)} µs/op`);
  return us;
}

async function armingCost(): Promise<{ insert: number; insertAndArm: number; armOnly: number }> {
  const uow = sqliteUnitOfWorkOn(db.$client);
  const now = Date.now();
  const conv = db.insert(conversations).values({ openKfid: 'wkBench', externalUserid: 'wmBench', createdAt: now, updatedAt: now }).returning().get() as Conversation;
  const msg = (tag: string, i: number) => ({ msgid: `${tag}${i}`, conversationId: conv.id, origin: 3 as const, msgtype: 'text', content: '{"content":"你好"}', sendTime: Math.floor(now / 1000), receivedAt: now });
  const n = 3000;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const rounds: { insert: number[]; insertAndArm: number[]; armOnly: number[] } = { insert: [], insertAndArm: [], armOnly: [] };
  for (let r = 0; r < 3; r++) {
    console.log(`arming cost, round ${r + 1} (${n} ops, one transaction each, WAL file):`);
    const o = r * 1_000_000;
    rounds.insert.push(await perOpAsync('message insert', n, (i) => uow.run(async (tx) => { await tx.db.insert(tx.t.messages).values(msg('m', o + i)).returning(); })));
    rounds.insertAndArm.push(await perOpAsync('message insert + armEscalations', n, (i) => uow.run(async (tx) => {
      const [m] = await tx.db.insert(tx.t.messages).values(msg('a', o + i)).returning();
      // a fresh conversation id per op so the pending-key dedupe does not turn arming into a no-op
      await armEscalations(tx, { clock: systemClock }, { ...conv, id: 10_000_000 + o + i }, m as Message);
    })));
    rounds.armOnly.push(await perOpAsync('armTimerIn alone', n, (i) => uow.run(async (tx) => { await armTimerIn(tx, { kind: 'x', key: `x${o + i}`, delayMs: 90_000, now }); })));
  }
  return { insert: median(rounds.insert), insertAndArm: median(rounds.insertAndArm), armOnly: median(rounds.armOnly) };
}

try {
  console.log(`timer lateness, ${N} timers spread over ${SPREAD_MS} ms (ms; setTimeout baseline first, same process):`);
  const base = stats(await baselineLateness());
  const ours = stats(await timerLateness());
  console.log(`  setTimeout   p50 ${base.p50}  p99 ${base.p99}  max ${base.max}`);
  console.log(`  durable timers (job queue) p50 ${ours.p50}  p99 ${ours.p99}  max ${ours.max}`);
  const rates = [await firingRate(RATE_N), await firingRate(RATE_N), await firingRate(RATE_N)].sort((a, b) => a - b);
  console.log(`  firing rate, ${RATE_N} due timers (median of 3): ${rates[1]}/s`);
  const cost = await armingCost();
  console.log(JSON.stringify({
    lateness: { setTimeout: base, scheduler: ours }, firingPerSecond: rates[1],
    arming: { ...cost, ratioInsertAndArmToInsert: +(cost.insertAndArm / cost.insert).toFixed(2), medianOf: 3 },
  }));
} finally {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
}
