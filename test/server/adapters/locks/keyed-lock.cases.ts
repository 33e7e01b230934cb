/**
 * The keyed lock's contract, on any adapter: holders of one key run one at a time (also across instances, where
 * the adapter spans them), other keys do not wait, and a holder that throws releases the key.
 */
import { expect, it } from 'vitest';
import type { KeyedLock } from '../../../../server/core/ports/shared-state';

/** Resolves when `release()` is called; `entered` resolves when the holder is inside. */
function holder(lock: KeyedLock, key: string, log: string[], name: string) {
  let release!: () => void;
  let entered!: () => void;
  const inside = new Promise<void>((r) => { entered = r; });
  const done = lock.run(key, async () => {
    log.push(`${name} in`);
    entered();
    await new Promise<void>((r) => { release = r; });
    log.push(`${name} out`);
    return name;
  });
  return { done, inside, release: () => release() };
}

/** `instances()`: two locks standing for two instances (the same object where the adapter is per process). */
export function keyedLockCases(instances: () => { a: KeyedLock; b: KeyedLock }): void {
  it('lets one holder of a key in at a time, the next one after the first left', async () => {
    const { a, b } = instances();
    const log: string[] = [];
    const first = holder(a, 'wk-1', log, 'A');
    await first.inside;
    const second = holder(b, 'wk-1', log, 'B');
    // B cannot be inside while A is: a third key's holder proves time has passed for B to try.
    await b.run('other', async () => undefined);
    expect(log).toEqual(['A in']);
    first.release();
    await second.inside;
    second.release();
    expect(await Promise.all([first.done, second.done])).toEqual(['A', 'B']);
    expect(log).toEqual(['A in', 'A out', 'B in', 'B out']);
  });

  it('does not make holders of other keys wait', async () => {
    const { a, b } = instances();
    const log: string[] = [];
    const first = holder(a, 'wk-1', log, 'A');
    await first.inside;
    expect(await b.run('wk-2', async () => 'other key')).toBe('other key');
    first.release();
    await first.done;
  });

  it('releases the key when the holder throws', async () => {
    const { a, b } = instances();
    await expect(a.run('wk-1', async () => { throw new Error('pull failed'); })).rejects.toThrow('pull failed');
    expect(await b.run('wk-1', async () => 'next')).toBe('next');
  });
}
