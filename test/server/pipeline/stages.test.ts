import { describe, expect, it } from 'vitest';
import { StageCounters, stageDelta } from '../../../server/core/pipeline/stages';

/** A clock that moves only when the test says so. */
function manualClock() {
  let t = 0n;
  return { now: () => t, advance: (ns: number) => { t += BigInt(ns); } };
}

describe('stage counters', () => {
  it('sums time and counts per stage', () => {
    const c = manualClock();
    const s = new StageCounters(c.now);
    s.time('store', () => c.advance(300));
    s.time('store', () => c.advance(200));
    s.time('claim', () => c.advance(50));
    const snap = s.snapshot();
    expect(snap.store).toEqual({ count: 2, ns: 500 });
    expect(snap.claim).toEqual({ count: 1, ns: 50 });
    expect(snap.send).toEqual({ count: 0, ns: 0 });
  });

  it('charges a nested stage to itself, not to the stage around it, so the sums add up to the elapsed time', () => {
    const c = manualClock();
    const s = new StageCounters(c.now);
    const result = s.time('store', () => {
      c.advance(100);
      s.time('decide', () => {
        c.advance(40);
        s.time('bookkeeping', () => c.advance(5));
      });
      s.time('decide', () => c.advance(10));
      c.advance(7);
      return 'stored';
    });
    expect(result).toBe('stored');
    const snap = s.snapshot();
    expect(snap.store).toEqual({ count: 1, ns: 107 });
    expect(snap.decide).toEqual({ count: 2, ns: 50 });
    expect(snap.bookkeeping).toEqual({ count: 1, ns: 5 });
    expect(snap.store.ns + snap.decide.ns + snap.bookkeeping.ns).toBe(162);
  });

  it('counts a stage that throws, and the stage around it still excludes it', () => {
    const c = manualClock();
    const s = new StageCounters(c.now);
    expect(() => s.time('store', () => {
      c.advance(10);
      try { s.time('decide', () => { c.advance(30); throw new Error('planner failed'); }); } catch { /* the store goes on */ }
      c.advance(1);
      throw new Error('rolled back');
    })).toThrow('rolled back');
    expect(s.snapshot().store).toEqual({ count: 1, ns: 11 });
    expect(s.snapshot().decide).toEqual({ count: 1, ns: 30 });
  });

  it('times an asynchronous stage from call to settlement, failures included, without touching the nesting of synchronous ones', async () => {
    const c = manualClock();
    const s = new StageCounters(c.now);
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const sent = s.timeAsync('send', async () => { await gate; c.advance(1_000); return 'ok'; });
    s.time('claim', () => c.advance(20)); // runs while the send waits: charged to claim, and to the send's wall time
    release();
    await expect(sent).resolves.toBe('ok');
    await expect(s.timeAsync('pull', async () => { c.advance(70); throw new Error('network'); })).rejects.toThrow('network');
    const snap = s.snapshot();
    expect(snap.send).toEqual({ count: 1, ns: 1_020 });
    expect(snap.claim).toEqual({ count: 1, ns: 20 });
    expect(snap.pull).toEqual({ count: 1, ns: 70 });
  });

  it('adds measured durations and reports the difference between two snapshots', () => {
    const s = new StageCounters(() => 0n);
    s.add('callback', 1_500n);
    const before = s.snapshot();
    s.add('callback', 2_500n);
    s.add('callback', 500n);
    expect(stageDelta(before, s.snapshot()).callback).toEqual({ count: 2, ns: 3_000 });
    expect(stageDelta(before, s.snapshot()).pull).toEqual({ count: 0, ns: 0 });
  });

  it('times an asynchronous span with its nested stages charged to them (the storing transaction and its decisions)', async () => {
    const c = manualClock();
    const s = new StageCounters(c.now);
    const result = await s.timeSpan('store', async (inner) => {
      c.advance(100);
      await inner('decide', async () => { await Promise.resolve(); c.advance(40); });
      await expect(inner('decide', async () => { c.advance(10); throw new Error('planner failed'); })).rejects.toThrow('planner failed');
      c.advance(7);
      return 'stored';
    });
    expect(result).toBe('stored');
    await expect(s.timeSpan('store', async () => { c.advance(3); throw new Error('rolled back'); })).rejects.toThrow('rolled back');
    const snap = s.snapshot();
    expect(snap.store).toEqual({ count: 2, ns: 110 });
    expect(snap.decide).toEqual({ count: 2, ns: 50 });
    expect(snap.store.ns + snap.decide.ns).toBe(160);
  });
});
