/**
 * @module The job queue across instances, on engines another instance can reach: two runners on two
 * connections fire every job exactly once (ordering keys kept across them), and a process SIGKILLed while
 * holding jobs loses none of them — its open transaction rolls back, its leases are taken over after expiry, or at
 * once on PostgreSQL when the workers hold their proof-of-life locks (`liveOwners`).
 */
import { describe, it, expect, beforeEach, afterEach, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { jobKind, backoffRetry } from '../../../../server/core/ports/jobs';
import type { UnitOfWork } from '../../../../server/core/ports/unit-of-work';
import type { PgUnitOfWork } from '../../../../server/adapters/db/pg/unit-of-work';
import { createJobs } from '../../../../server/adapters/jobs/index';
import { holdJobOwner, JOB_OWNER_LOCK } from '../../../../server/adapters/jobs/owner';
import { pgAdvisoryLock } from '../../../../server/adapters/locks/pg-advisory';
import type { Engine } from '../../../support/engines';
import { crashDb, crashNet } from '../../../support/job-kinds';
import { TestClock, T0, writeEffect } from './jobs.contract';
import { waitFor } from '../../../support/wait';

const CHILD = fileURLToPath(new URL('../../../support/job-child.ts', import.meta.url));

export function jobsClusterContract(engine: Engine, engineArg: 'sqlite' | 'postgres'): void {
  describe(`job queue across instances on ${engine.name}`, () => {
    let uow: UnitOfWork;
    beforeEach(async () => { uow = await engine.open(); });
    afterEach(() => engine.cleanup());
    afterAll(() => engine.dispose());

    const counts = () => uow.read(async (q) => ({
      effects: (await q.db.select().from(q.t.appSettings)).length,
      statuses: (await q.db.select({ status: q.t.jobs.status }).from(q.t.jobs)).reduce<Record<string, number>>((m, r) => ({ ...m, [r.status]: (m[r.status] ?? 0) + 1 }), {}),
    }));

    it('fires each of 1,000 jobs exactly once with two runners on two connections, and keeps each ordering key in order', async () => {
      const clock = new TestClock(T0);
      const timer = jobKind<{ n: number }>('cluster.timer', { retry: backoffRetry({ maxAttempts: 3, baseMs: 1000 }) });
      const send = jobKind<{ conv: number; seq: number }>('cluster.send', { retry: backoffRetry({ maxAttempts: 3, baseMs: 1000 }) });
      const sent: string[] = [];
      const runners = await Promise.all(['a', 'b'].map(async (owner) => {
        const u = owner === 'a' ? uow : await engine.another!();
        const j = createJobs({ uow: u, clock }, { owner, concurrency: 4 });
        j.runner.handle(timer, { run: async (tx, job) => { await writeEffect(tx, job.id, owner); } });
        j.runner.handle(send, { call: async (job) => { sent.push(`${job.payload.conv}:${job.payload.seq}`); }, run: async (tx, job) => { await writeEffect(tx, job.id, owner); } });
        return j;
      }));
      const producer = runners[0]!.queue;
      await uow.run(async (tx) => { for (let n = 0; n < 1000; n++) await producer.enqueue(tx, timer, { n }, { key: `t${n}` }); });
      await uow.run(async (tx) => {
        for (let seq = 0; seq < 10; seq++) for (let conv = 0; conv < 10; conv++) await producer.enqueue(tx, send, { conv, seq }, { orderingKey: `conv:${conv}` });
      });
      const settled = await Promise.all(runners.map((r) => r.runner.drain()));
      expect(settled[0]! + settled[1]!).toBe(1100);
      // PostgreSQL claimers pass each other (SKIP LOCKED); on SQLite one writer at a time, possibly always the same
      if (engineArg === 'postgres') expect(Math.min(...settled)).toBeGreaterThan(0);
      expect(await counts()).toEqual({ effects: 1100, statuses: { done: 1100 } });
      for (let conv = 0; conv < 10; conv++) {
        expect(sent.filter((s) => s.startsWith(`${conv}:`))).toEqual(Array.from({ length: 10 }, (_, seq) => `${conv}:${seq}`));
      }
    }, 120_000);

    it('loses nothing when a worker holding jobs is SIGKILLed: open transaction rolled back, leases taken over', async () => {
      const clock = new TestClock(T0 + 10);
      const parent = createJobs({ uow, clock }, { owner: 'parent', concurrency: 2 });
      const calls: number[] = [];
      parent.runner.handle(crashNet, { call: async (j) => { calls.push(j.attempt); }, run: async (tx, j) => writeEffect(tx, j.id, 'by the parent') });
      parent.runner.handle(crashDb, { run: async (tx, j) => writeEffect(tx, j.id, 'by the parent') });
      await uow.run(async (tx) => {
        for (let n = 0; n < 3; n++) await parent.queue.enqueue(tx, crashNet, { n }, { runAt: T0 });
        await parent.queue.enqueue(tx, crashDb, { n: 3 }, { runAt: T0 + 1 }); // claimed last, after the three leases
      });

      const child = spawn(process.execPath, ['--import', 'tsx', CHILD, engineArg, engine.location(), String(T0 + 10)], { stdio: ['ignore', 'pipe', 'inherit'] });
      const lines: string[] = [];
      await new Promise<void>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`child exited early (${code}): ${lines.join(', ')}`)));
        createInterface({ input: child.stdout! }).on('line', (l) => { lines.push(l); if (lines.length === 4) resolve(); });
      });
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      expect(lines.filter((l) => l.startsWith('leased'))).toHaveLength(3);
      expect(lines.filter((l) => l.startsWith('in-tx'))).toHaveLength(1);

      // the child's transaction died with it: the database job is pending again, its write is gone. (PostgreSQL
      // ends the dead session a moment after the socket closes: wait for its row lock, without SKIP LOCKED.)
      if (engineArg === 'postgres') {
        const c = await (uow as PgUnitOfWork).handle.pool.connect();
        await c.query('begin');
        await c.query("select id from jobs where kind = 'crash.db' for update");
        await c.query('commit');
        c.release();
      }
      expect(await parent.runner.drain()).toBe(1);
      expect(await counts()).toEqual({ effects: 1, statuses: { done: 1, running: 3 } });
      // the leases are the dead child's until they expire; then the parent takes them over
      clock.advance(60_000);
      expect(await parent.runner.drain()).toBe(3);
      expect(calls).toEqual([2, 2, 2]);
      const rows = await uow.read((q) => q.db.select().from(q.t.appSettings));
      expect(rows.map((r) => r.value)).toEqual(['by the parent', 'by the parent', 'by the parent', 'by the parent']);
      expect(await counts()).toEqual({ effects: 4, statuses: { done: 4 } });
    });

    it.runIf(engineArg === 'postgres')('takes over a SIGKILLed worker\'s leases at once when workers hold their proof-of-life locks', async () => {
      const clock = new TestClock(T0 + 10);
      // the parent holds its own proof of life too (as every product instance does), or its next claim would take
      // back the jobs it is running itself
      const letGo = await holdJobOwner(pgAdvisoryLock((uow as PgUnitOfWork).handle.pool, JOB_OWNER_LOCK), 'parent');
      try {
        const parent = createJobs({ uow, clock }, { owner: 'parent', concurrency: 2, liveOwners: true });
        const calls: number[] = [];
        parent.runner.handle(crashNet, { call: async (j) => { calls.push(j.attempt); }, run: async (tx, j) => writeEffect(tx, j.id, 'by the parent') });
        await uow.run(async (tx) => { for (let n = 0; n < 3; n++) await parent.queue.enqueue(tx, crashNet, { n }, { runAt: T0 }); });

        const child = spawn(process.execPath, ['--import', 'tsx', CHILD, engineArg, engine.location(), String(T0 + 10), 'live'], { stdio: ['ignore', 'pipe', 'inherit'] });
        const lines: string[] = [];
        await new Promise<void>((resolve, reject) => {
          child.once('exit', (code) => reject(new Error(`child exited early (${code}): ${lines.join(', ')}`)));
          createInterface({ input: child.stdout! }).on('line', (l) => { lines.push(l); if (lines.filter((x) => x.startsWith('leased')).length === 3) resolve(); });
        });
        expect(lines[0]).toBe('live');
        // alive: its leases stay its own (the clock does not move in this test: no lease expires)
        expect(await parent.runner.drain()).toBe(0);
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
        // PostgreSQL ends the dead session a moment after the socket closes, and its lock with it
        let taken = 0;
        await waitFor(async () => (taken += await parent.runner.drain()) === 3, { timeoutMs: 30_000, what: 'the dead worker\'s leases taken over' });
        expect(calls).toEqual([2, 2, 2]);
        expect(await counts()).toEqual({ effects: 3, statuses: { done: 3 } });
      } finally {
        await letGo();
      }
    });
  });
}
