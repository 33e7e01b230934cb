import { describe, it, expect, afterEach } from 'vitest';
import { inProcessBus } from '../../../server/adapters/bus/in-process';
import { BusCache } from '../../../server/adapters/bus/cache';
import { sqliteUnitOfWork } from '../../../server/adapters/db/sqlite/unit-of-work';
import type { BusMessage } from '../../../server/core/ports/bus';
import type { UnitOfWork } from '../../../server/core/ports/unit-of-work';

const next = (bus: ReturnType<typeof inProcessBus>, channel: string) =>
  new Promise<BusMessage>((resolve) => { const off = bus.subscribe(channel, (m) => { off(); resolve(m); }); });

describe('in-process bus', () => {
  it('delivers a copy of each message to the subscribers of its channel only, until they unsubscribe', async () => {
    const bus = inProcessBus();
    const got: string[] = [];
    const off = bus.subscribe('a', (m) => got.push(`a1 ${JSON.stringify(m)}`));
    bus.subscribe('a', (m) => got.push(`a2 ${JSON.stringify(m)}`));
    bus.subscribe('b', (m) => got.push(`b ${JSON.stringify(m)}`));
    const sent = { id: 1 };
    const received = next(bus, 'a');
    await bus.publish('a', sent);
    const copy = await received;
    expect(copy).toEqual(sent);
    expect(copy).not.toBe(sent);
    off();
    const second = next(bus, 'a');
    await bus.publish('a', { id: 2 });
    await second;
    expect(got).toEqual(['a1 {"id":1}', 'a2 {"id":1}', 'a2 {"id":2}']);
  });

  it('keeps delivering to the others when one subscriber throws', async () => {
    const errors: unknown[] = [];
    const bus = inProcessBus({ onError: (e) => errors.push(e) });
    bus.subscribe('a', () => { throw new Error('bad subscriber'); });
    const got = next(bus, 'a');
    await bus.publish('a', 'x');
    expect(await got).toBe('x');
    expect(errors).toHaveLength(1);
  });
});

describe('cache with invalidation over the bus', () => {
  let uow: UnitOfWork;
  afterEach(async () => { await uow.close(); });
  const clock = { now: () => 0 };

  it('serves from memory until a committed change invalidates it, never after a rolled-back one', async () => {
    uow = sqliteUnitOfWork(':memory:');
    const bus = inProcessBus();
    let loads = 0;
    const cache = new BusCache({ bus, clock }, 'settings', async (key) => { loads++; return uow.read(async (q) => (await q.db.select().from(q.t.appSettings)).find((r) => r.key === key)?.value ?? null); });
    await uow.run(async (tx) => { await tx.db.insert(tx.t.appSettings).values({ key: 'tz', value: 'Asia/Shanghai', updatedAt: 0 }); });
    expect(await cache.get('tz')).toBe('Asia/Shanghai');
    expect(await cache.get('tz')).toBe('Asia/Shanghai');
    expect(loads).toBe(1);
    await uow.run(async (tx) => { cache.invalidate(tx, 'tz'); throw new Error('rolled back'); }).catch(() => undefined);
    expect(await cache.get('tz')).toBe('Asia/Shanghai');
    expect(loads).toBe(1);
    await uow.run(async (tx) => {
      await tx.db.update(tx.t.appSettings).set({ value: 'Asia/Urumqi' });
      cache.invalidate(tx, 'tz');
    });
    expect(await cache.get('tz')).toBe('Asia/Urumqi');
    expect(loads).toBe(2);
  });

  it('drops a value loaded while an invalidation arrived, so a stale load is not kept', async () => {
    uow = sqliteUnitOfWork(':memory:');
    const bus = inProcessBus();
    let version = 1;
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const cache = new BusCache({ bus, clock }, 'racy', async () => { const v = version; if (v === 1) await gate; return v; });
    const first = cache.get('k');
    version = 2;
    const heard = next(bus, 'cache.racy');
    await uow.run(async (tx) => { cache.invalidate(tx, 'k'); });
    await heard;
    release();
    expect(await first).toBe(1);
    expect(await cache.get('k')).toBe(2);
  });
});
