/**
 * @module The job queue contract, run on every engine: enqueue in the caller's transaction, idempotency keys,
 * due times from the injected clock (time jumps), exactly-once effects, retry policies (the WeCom errcode
 * table), ordering keys, lease takeover, lateness, cancel, and the idle signal.
 */
import { describe, it, expect, beforeEach, afterEach, afterAll } from 'vitest';
import { eq } from 'drizzle-orm';
import { backoffRetry, jobKind, type JobKind } from '../../../../server/core/ports/jobs';
import type { Tx, UnitOfWork } from '../../../../server/core/ports/unit-of-work';
import { createJobs, type Jobs } from '../../../../server/adapters/jobs/index';
import { purgeFinishedJobs } from '../../../../server/adapters/jobs/purge';
import { wecomRetry } from '../../../../server/channels/wecom-kf/errcodes';
import type { Engine } from '../../../support/engines';

export class TestClock { constructor(public t: number) {} now() { return this.t; } advance(ms: number) { this.t += ms; } }
export const T0 = Date.UTC(2026, 9, 2, 2, 0, 0);

type Note = { note: string };
const retry3 = backoffRetry({ maxAttempts: 3, baseMs: 1000 });
export const noteKind = jobKind<Note>('test.note', { retry: retry3 });

/** The handler's database effect: one app_settings row per job id (a second run would be a duplicate key). */
export async function writeEffect(tx: Tx, jobId: number, value: string): Promise<void> {
  await tx.db.insert(tx.t.appSettings).values({ key: `effect:${jobId}`, value, updatedAt: 0 });
}

export function jobsContract(engine: Engine): void {
  describe(`job queue on ${engine.name}`, () => {
    let uow: UnitOfWork;
    let clock: TestClock;
    let jobs: Jobs;
    beforeEach(async () => {
      uow = await engine.open();
      clock = new TestClock(T0);
      jobs = createJobs({ uow, clock }, { owner: 'a', concurrency: 4, pollMs: 50 });
    });
    afterEach(async () => { await jobs.stop(); await engine.cleanup(); });
    afterAll(() => engine.dispose());

    const enqueue = <P>(kind: JobKind<P>, payload: P, o = {}) => uow.run((tx) => jobs.queue.enqueue(tx, kind, payload, o));
    const job = (id: number) => uow.read(async (q) => (await q.db.select().from(q.t.jobs).where(eq(q.t.jobs.id, id)))[0]!);
    const effects = () => uow.read(async (q) => (await q.db.select().from(q.t.appSettings)).map((r) => `${r.key}=${r.value}`).sort());
    /** Two runners of a network kind with a 30 s lease: `a`'s call waits for `releaseA`, `b`'s returns at once; each writes its effect. */
    const twoOwners = async () => {
      const sendKind = jobKind<Note>('test.send', { retry: retry3, leaseMs: 30_000 });
      const calls: string[] = [];
      let releaseA!: () => void;
      const gateA = new Promise<void>((r) => { releaseA = r; });
      const lost: unknown[] = [];
      const a = createJobs({ uow, clock }, { owner: 'a', pollMs: 50, onError: (e) => lost.push(e) });
      a.runner.handle(sendKind, { call: async (j) => { calls.push(`a#${j.attempt}`); await gateA; }, run: async (tx, j) => writeEffect(tx, j.id, 'by a') });
      const b = createJobs({ uow: engine.another ? await engine.another() : uow, clock }, { owner: 'b', pollMs: 50 });
      b.runner.handle(sendKind, { call: async (j) => { calls.push(`b#${j.attempt}`); }, run: async (tx, j) => writeEffect(tx, j.id, 'by b') });
      return { sendKind, calls, releaseA, lost, a, b };
    };

    it('runs a job enqueued in a committed transaction, and none from a rolled-back one', async () => {
      const seen: string[] = [];
      jobs.runner.handle(noteKind, { run: async (tx, j) => { seen.push(j.payload.note); await writeEffect(tx, j.id, j.payload.note); return 'noted'; } });
      const { id } = await enqueue(noteKind, { note: 'kept' });
      await uow.run(async (tx) => { await jobs.queue.enqueue(tx, noteKind, { note: 'rolled back' }); throw new Error('no'); }).catch(() => undefined);
      expect(await jobs.runner.drain()).toBe(1);
      expect(seen).toEqual(['kept']);
      expect(await job(id)).toMatchObject({ status: 'done', outcome: 'noted', attempts: 1, finishedAt: T0 });
      expect(await effects()).toEqual([`effect:${id}=kept`]);
    });

    it('creates one job per kind and idempotency key: a second enqueue returns the first job', async () => {
      const a = await enqueue(noteKind, { note: '1' }, { key: 'msg-1' });
      const b = await enqueue(noteKind, { note: '2' }, { key: 'msg-1' });
      expect(a.created).toBe(true);
      expect(b).toEqual({ id: a.id, created: false });
    });

    it('runs a job when the injected clock reaches its due time, woken by a time jump (idle signal, no sleeps)', async () => {
      const ran: number[] = [];
      jobs.runner.handle(noteKind, { run: async (_tx, j) => { ran.push(clock.now() - j.runAt); } });
      jobs.runner.start();
      await enqueue(noteKind, { note: 'in 90 s' }, { delayMs: 90_000 });
      await jobs.runner.idle();
      expect(ran).toEqual([]);
      clock.advance(89_999);
      await jobs.runner.idle();
      expect(ran).toEqual([]);
      clock.advance(1);
      jobs.runner.wake();
      await jobs.runner.idle();
      expect(ran).toEqual([0]);
    });

    it('rolls back a failing handler\'s effects and retries it after the kind\'s backoff; its effects commit once', async () => {
      let calls = 0;
      jobs.runner.handle(noteKind, { run: async (tx, j) => {
        await writeEffect(tx, j.id, `attempt ${j.attempt}`);
        if (++calls === 1) throw new Error('database said no');
      } });
      const { id } = await enqueue(noteKind, { note: 'x' });
      await jobs.runner.drain();
      expect(await job(id)).toMatchObject({ status: 'pending', attempts: 1, runAt: T0 + 1000, outcome: 'database said no' });
      expect(await effects()).toEqual([]);
      clock.advance(1000);
      await jobs.runner.drain();
      expect(await job(id)).toMatchObject({ status: 'done', attempts: 2 });
      expect(await effects()).toEqual([`effect:${id}=attempt 2`]);
    });

    it('fails a job for good after its last attempt', async () => {
      jobs.runner.handle(noteKind, { run: async () => { throw new Error('always'); } });
      const { id } = await enqueue(noteKind, { note: 'x' });
      for (let i = 0; i < 3; i++) { await jobs.runner.drain(); clock.advance(10_000); }
      expect(await job(id)).toMatchObject({ status: 'failed', attempts: 3, outcome: 'always', finishedAt: T0 + 20_000 });
    });

    it('follows the one WeCom errcode table: 45009 later, 42001 at once, 95018 never again', async () => {
      const wecomKind = jobKind<{ code: number }>('test.wecom', { retry: wecomRetry });
      jobs.runner.handle(wecomKind, {
        call: async (j) => { if (j.attempt === 1) throw Object.assign(new Error(`errcode ${j.payload.code}`), { errcode: j.payload.code }); return 'ok'; },
        run: async () => 'sent',
      });
      const busy = await enqueue(wecomKind, { code: 45009 });
      const token = await enqueue(wecomKind, { code: 42001 });
      const final = await enqueue(wecomKind, { code: 95018 });
      await jobs.runner.drain();
      expect(await job(busy.id)).toMatchObject({ status: 'pending', errcode: 45009, runAt: T0 + 2000 });
      expect(await job(token.id)).toMatchObject({ status: 'done', attempts: 2, outcome: 'sent' });
      expect(await job(final.id)).toMatchObject({ status: 'failed', errcode: 95018, attempts: 1 });
    });

    it('claims one transaction at a time: an empty queue costs one claim, not one per worker; an ordering key one claim per step, none after the last', async () => {
      let claims = 0;
      const counting = new Proxy(uow, { get(target, prop) {
        if (prop === 'run') return (fn: Parameters<UnitOfWork['run']>[0]) => { claims++; return target.run(fn); };
        const v = Reflect.get(target, prop) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      } });
      const gated = createJobs({ uow: counting, clock }, { owner: 'gated', concurrency: 4, pollMs: 50 });
      const order: string[] = [];
      gated.runner.handle(noteKind, { run: async (tx, j) => { order.push(j.payload.note); await writeEffect(tx, j.id, j.payload.note); } });
      expect(await gated.runner.drain()).toBe(0);
      expect(claims).toBe(1); // the other three workers saw that claim find nothing
      for (const note of ['k1', 'k2', 'k3']) await enqueue(noteKind, { note }, { orderingKey: 'conv:k' });
      await enqueue(noteKind, { note: 'free' });
      claims = 0;
      expect(await gated.runner.drain()).toBe(4);
      expect(order.filter((n) => n.startsWith('k'))).toEqual(['k1', 'k2', 'k3']);
      // k1 + free, then k2, then k3 (each due once the one before committed); after k3 a read finds nothing due: no
      // claiming transaction for nothing
      expect(claims).toBe(3);
      await gated.stop();
    });

    it('runs jobs of one ordering key strictly in creation order, while another key goes ahead', async () => {
      const order: string[] = [];
      let release!: () => void;
      const gate = new Promise<void>((r) => { release = r; });
      const sendKind = jobKind<Note>('test.send', { retry: retry3 });
      jobs.runner.handle(sendKind, {
        call: async (j) => { order.push(`call ${j.payload.note}`); if (j.payload.note === 'a1') await gate; },
        run: async (tx, j) => { order.push(`done ${j.payload.note}`); await writeEffect(tx, j.id, j.payload.note); },
      });
      for (const note of ['a1', 'a2', 'a3']) await enqueue(sendKind, { note }, { orderingKey: 'conv:a' });
      await enqueue(sendKind, { note: 'b1' }, { orderingKey: 'conv:b' });
      const draining = jobs.runner.drain();
      while (!order.includes('done b1')) await new Promise((r) => setImmediate(r));
      expect(order).toEqual(['call a1', 'call b1', 'done b1']);
      release();
      await draining;
      expect(order.filter((s) => / a\d/.test(s))).toEqual(['call a1', 'done a1', 'call a2', 'done a2', 'call a3', 'done a3']);
    });

    it('coalesces into a job of its ordering key that waits unstarted, and adds one behind a job already started', async () => {
      const calls: string[] = [];
      let release!: () => void;
      const gate = new Promise<void>((r) => { release = r; });
      const deliver = jobKind<Note>('test.deliver', { retry: retry3 });
      jobs.runner.handle(deliver, {
        call: async (j) => { calls.push(j.payload.note); if (j.payload.note === 'first') await gate; },
        run: async (tx, j) => { await writeEffect(tx, j.id, j.payload.note); },
      });
      const o = { orderingKey: 'alerts:m', coalesce: true };
      const first = await enqueue(deliver, { note: 'first' }, o);
      const again = await enqueue(deliver, { note: 'ignored' }, o);
      expect(again).toEqual({ id: first.id, created: false }); // the waiting job does this one's work
      const other = await enqueue(deliver, { note: 'other key' }, { ...o, orderingKey: 'alerts:n' });
      expect(other.created).toBe(true);
      const draining = jobs.runner.drain();
      while (!calls.includes('first')) await new Promise((r) => setImmediate(r));
      // 'first' is running: a new one is made (the running one may have read its work already), then coalesced into
      const second = await enqueue(deliver, { note: 'second' }, o);
      expect(second.created).toBe(true);
      expect(await enqueue(deliver, { note: 'ignored too' }, o)).toEqual({ id: second.id, created: false });
      release();
      await draining;
      expect(calls.sort()).toEqual(['first', 'other key', 'second']);
      expect((await job(second.id)).status).toBe('done');
    });

    it('holds later jobs of an ordering key behind a retrying one, and not behind one failed for good', async () => {
      const order: string[] = [];
      const failing = jobKind<Note>('test.fail', { retry: backoffRetry({ maxAttempts: 2, baseMs: 5000 }) });
      jobs.runner.handle(failing, { run: async (_tx, j) => { order.push(`try ${j.payload.note}#${j.attempt}`); if (j.payload.note === 'bad') throw new Error('no'); } });
      await enqueue(failing, { note: 'bad' }, { orderingKey: 'k' });
      await enqueue(failing, { note: 'next' }, { orderingKey: 'k' });
      await jobs.runner.drain();
      expect(order).toEqual(['try bad#1']);
      clock.advance(5000);
      await jobs.runner.drain();
      expect(order).toEqual(['try bad#1', 'try bad#2', 'try next#1']);
    });

    it('settles network jobs that answer together in one transaction: one failing there is retried alone, the others commit once', async () => {
      const sendKind = jobKind<Note>('test.send', { retry: retry3 });
      let release!: () => void;
      const gate = new Promise<void>((r) => { release = r; });
      let arrived = 0;
      jobs.runner.handle(sendKind, {
        call: async () => { arrived++; await gate; }, // every call answers in the same turn
        run: async (tx, j) => {
          await writeEffect(tx, j.id, `${j.payload.note} attempt ${j.attempt}`);
          if (j.payload.note === 'bad' && j.attempt === 1) throw new Error('bookkeeping said no');
        },
      });
      const ids = [];
      for (const note of ['one', 'bad', 'three']) ids.push((await enqueue(sendKind, { note })).id);
      const draining = jobs.runner.drain();
      while (arrived < 3) await new Promise((r) => setImmediate(r));
      release();
      await draining;
      const [one, bad, three] = ids as [number, number, number];
      expect(await job(bad)).toMatchObject({ status: 'pending', attempts: 1, outcome: 'bookkeeping said no' });
      expect(await job(one)).toMatchObject({ status: 'done', attempts: 1 });
      expect(await job(three)).toMatchObject({ status: 'done', attempts: 1 });
      expect(await effects()).toEqual([`effect:${one}=one attempt 1`, `effect:${three}=three attempt 1`].sort());
      clock.advance(1000);
      await jobs.runner.drain();
      expect(await job(bad)).toMatchObject({ status: 'done', attempts: 2 });
      expect(await effects()).toEqual([`effect:${one}=one attempt 1`, `effect:${bad}=bad attempt 2`, `effect:${three}=three attempt 1`].sort());
    });

    it('claims a job that became due while another batch waits on its network step, without waiting for it', async () => {
      const sendKind = jobKind<Note>('test.send', { retry: retry3 });
      const started: string[] = [];
      let releaseSlow!: () => void;
      const slow = new Promise<void>((r) => { releaseSlow = r; });
      jobs.runner.handle(sendKind, { call: async (j) => { started.push(j.payload.note); if (j.payload.note === 'slow') await slow; }, run: async () => undefined });
      await enqueue(sendKind, { note: 'slow' });
      const draining = jobs.runner.drain();
      while (started.length === 0) await new Promise((r) => setImmediate(r));
      await enqueue(sendKind, { note: 'fast' });
      jobs.runner.wake();
      // the new job's network step starts while the first one's is still in flight
      while (!started.includes('fast')) await new Promise((r) => setImmediate(r));
      expect(started).toEqual(['slow', 'fast']);
      releaseSlow();
      expect(await draining).toBe(2);
    });

    it('takes over a network job whose owner lost its lease: the call repeats, the effects commit once', async () => {
      const { sendKind, calls, releaseA, lost, a, b } = await twoOwners();
      const { id } = await enqueue(sendKind, { note: 'x' });
      const aDraining = a.runner.drain();
      while (calls.length === 0) await new Promise((r) => setImmediate(r));
      expect(await b.runner.drain()).toBe(0); // leased to a
      clock.advance(30_000);
      expect(await b.runner.drain()).toBe(1);
      releaseA();
      await aDraining;
      expect(calls).toEqual(['a#1', 'b#2']);
      expect(await effects()).toEqual([`effect:${id}=by b`]);
      expect(await job(id)).toMatchObject({ status: 'done', attempts: 2, lockedBy: null });
      expect(lost).toHaveLength(1);
    });

    it('starts a network job at the commit that enqueued it while the runner runs: leased in that transaction, no claim; the next of its key waits for it', async () => {
      const sendKind = jobKind<Note>('test.send', { retry: retry3, leaseMs: 30_000 });
      const order: string[] = [];
      let release!: () => void;
      const gate = new Promise<void>((r) => { release = r; });
      jobs.runner.handle(sendKind, {
        call: async (j) => { order.push(`call ${j.payload.note}#${j.attempt}`); if (j.payload.note === 'k1') await gate; },
        run: async (tx, j) => { order.push(`done ${j.payload.note}`); await writeEffect(tx, j.id, j.payload.note); },
      });
      jobs.runner.start();
      await jobs.runner.idle();
      const [k1, k2] = await uow.run(async (tx) => [
        (await jobs.queue.enqueue(tx, sendKind, { note: 'k1' }, { orderingKey: 'conv:k' })).id,
        (await jobs.queue.enqueue(tx, sendKind, { note: 'k2' }, { orderingKey: 'conv:k' })).id,
      ]);
      // the commit's own after-commit step started k1 (nothing claimed it: it was leased before the commit)
      expect(order).toEqual(['call k1#1']);
      expect(await job(k1!)).toMatchObject({ status: 'running', lockedBy: 'a', lockedUntil: T0 + 30_000, attempts: 1 });
      expect(await job(k2!)).toMatchObject({ status: 'pending', lockedBy: null, attempts: 0 });
      // a job of another key is started at its own commit, beside k1
      const free = await enqueue(sendKind, { note: 'free' });
      expect(order).toEqual(['call k1#1', 'call free#1']);
      // rolled back, in the transaction or in a savepoint: neither leased nor started
      await uow.run(async (tx) => { await jobs.queue.enqueue(tx, sendKind, { note: 'rolled back' }); throw new Error('no'); }).catch(() => undefined);
      await uow.run(async (tx) => {
        await tx.savepoint(async () => { await jobs.queue.enqueue(tx, sendKind, { note: 'undone' }); throw new Error('no'); }).catch(() => undefined);
      });
      release();
      await jobs.runner.idle();
      expect(order.filter((s) => / k\d/.test(s))).toEqual(['call k1#1', 'done k1', 'call k2#1', 'done k2']);
      expect(order.filter((s) => /rolled back|undone/.test(s))).toEqual([]);
      expect(await job(k2!)).toMatchObject({ status: 'done', attempts: 1, lockedBy: null });
      expect(await effects()).toEqual([`effect:${k1}=k1`, `effect:${k2}=k2`, `effect:${free.id}=free`].sort());
    });

    it('takes over an adopted job whose owner went silent: its lease ends like a claimed one\'s, the effects commit once', async () => {
      const { sendKind, calls, releaseA, lost, a, b } = await twoOwners();
      a.runner.start();
      const { id } = await enqueue(sendKind, { note: 'x' });
      expect(calls).toEqual(['a#1']); // adopted by a at the commit
      expect(await b.runner.drain()).toBe(0); // leased to a
      clock.advance(30_000);
      expect(await b.runner.drain()).toBe(1);
      releaseA();
      await a.stop();
      expect(calls).toEqual(['a#1', 'b#2']);
      expect(await effects()).toEqual([`effect:${id}=by b`]);
      expect(await job(id)).toMatchObject({ status: 'done', attempts: 2, lockedBy: null });
      expect(lost).toHaveLength(1);
    });

    it('marks a job found later than its kind allows as late instead of running it', async () => {
      const timer = jobKind<Note>('test.timer', { retry: retry3, maxLatenessMs: 60_000 });
      let ran = 0;
      jobs.runner.handle(timer, { run: async () => { ran++; } });
      const { id } = await enqueue(timer, { note: 'x' }, { delayMs: 1000 });
      clock.advance(1000 + 60_001);
      await jobs.runner.drain();
      expect(ran).toBe(0);
      expect(await job(id)).toMatchObject({ status: 'late', outcome: 'late by 60001 ms' });
    });

    it('cancels pending jobs by key or key prefix (literal % and _ included)', async () => {
      await enqueue(noteKind, { note: '1' }, { key: 'conv:1_%:esc90' });
      await enqueue(noteKind, { note: '2' }, { key: 'conv:1_%:esc600' });
      await enqueue(noteKind, { note: '3' }, { key: 'conv:12:esc90' });
      const n = await uow.run((tx) => jobs.queue.cancel(tx, noteKind, { keyPrefix: 'conv:1_%:' }));
      expect(n).toBe(2);
      const left = await uow.run((tx) => jobs.queue.cancel(tx, noteKind, { key: 'conv:12:esc90' }));
      expect(left).toBe(1);
    });

    it('wakes the runner after a commit that enqueued, and signals idle when everything is done', async () => {
      let ran = 0;
      jobs.runner.handle(noteKind, { run: async () => { ran++; } });
      jobs.runner.start();
      await jobs.runner.idle();
      await uow.run(async (tx) => { for (let i = 0; i < 25; i++) await jobs.queue.enqueue(tx, noteKind, { note: String(i) }); });
      await jobs.runner.idle();
      expect(ran).toBe(25);
    });

    it('purges finished jobs that finished before the cutoff, oldest first and at most a batch at a time; never pending or running ones', async () => {
      const day = 86_400_000;
      const rows = (['done', 'failed', 'cancelled', 'late', 'done', 'pending', 'running'] as const).map((status, i) => ({
        kind: 'test.note', key: `k${i}`, status, runAt: T0 - 10 * day, createdAt: T0 - 10 * day, updatedAt: T0 - 9 * day,
        finishedAt: status === 'pending' || status === 'running' ? null : i === 4 ? T0 - day : T0 - 9 * day,
      }));
      await uow.run(async (tx) => { await tx.db.insert(tx.t.jobs).values(rows); });
      const keys = () => uow.read(async (q) => (await q.db.select({ key: q.t.jobs.key }).from(q.t.jobs).orderBy(q.t.jobs.id)).map((r) => r.key));
      const cutoff = T0 - 7 * day;
      expect(await uow.run((tx) => purgeFinishedJobs(tx, cutoff, 3))).toMatchObject({ deleted: 3 });
      expect(await keys()).toEqual(['k3', 'k4', 'k5', 'k6']);
      expect(await uow.run((tx) => purgeFinishedJobs(tx, cutoff, 3))).toMatchObject({ deleted: 1 });
      expect(await uow.run((tx) => purgeFinishedJobs(tx, cutoff, 3))).toEqual({ deleted: 0, lastId: null });
      expect(await keys()).toEqual(['k4', 'k5', 'k6']); // finished within the retention, pending, running
    });
  });
}
