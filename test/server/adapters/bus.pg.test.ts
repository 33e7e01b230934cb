import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import pg from 'pg';
import { pgBus, BusMessageTooLargeError, type PgBus } from '../../../server/adapters/bus/pg-notify';
import { BusCache } from '../../../server/adapters/bus/cache';
import { pgUnitOfWork, type PgUnitOfWork } from '../../../server/adapters/db/pg/unit-of-work';
import { openPg } from '../../../server/adapters/db/pg/open';
import type { BusMessage } from '../../../server/core/ports/bus';
import { createTestDatabase, pgTestUrl, type TestDatabase } from '../../support/pg-database';

const url = pgTestUrl();
const next = (bus: PgBus, channel: string) =>
  new Promise<BusMessage>((resolve) => { const off = bus.subscribe(channel, (m) => { off(); resolve(m); }); });

describe.skipIf(!url)('PostgreSQL LISTEN/NOTIFY bus', () => {
  let db: TestDatabase;
  let a: PgUnitOfWork, b: PgUnitOfWork;
  let busA: PgBus, busB: PgBus;
  beforeAll(async () => {
    db = await createTestDatabase(url!);
    a = pgUnitOfWork(await openPg(db.url, { migrate: false, max: 3 }));
    b = pgUnitOfWork(await openPg(db.url, { migrate: false, max: 3 }));
    busA = pgBus({ url: db.url, pool: a.handle.pool, onError: () => undefined }); // the killed connection's error is expected
    busB = pgBus({ url: db.url, pool: b.handle.pool, onError: () => undefined });
    await Promise.all([busA.ready, busB.ready]);
  });
  afterAll(async () => {
    await busA.close(); await busB.close(); await a.close(); await b.close(); await db.drop();
  });

  it('delivers a message published on one instance to the subscribers on every instance', async () => {
    const onB = next(busB, 'conversation.changed');
    const onA = next(busA, 'conversation.changed');
    await busA.publish('conversation.changed', { id: 42, by: '王五' });
    expect(await onB).toEqual({ id: 42, by: '王五' });
    expect(await onA).toEqual({ id: 42, by: '王五' });
  });

  it('sends the messages of a burst together, in order, each to every instance', async () => {
    const got: BusMessage[] = [];
    const all = new Promise<void>((resolve) => { const off = busB.subscribe('burst', (m) => { got.push(m); if (got.length === 50) { off(); resolve(); } }); });
    await Promise.all(Array.from({ length: 50 }, (_, i) => busA.publish('burst', { n: i })));
    await all;
    expect(got).toEqual(Array.from({ length: 50 }, (_, i) => ({ n: i })));
  });

  it('refuses a message PostgreSQL could not carry', async () => {
    await expect(busA.publish('big', { blob: 'x'.repeat(9000) })).rejects.toBeInstanceOf(BusMessageTooLargeError);
  });

  it('reconnects after its connection is killed, reports the gap, and delivers again', async () => {
    const gap = new Promise<void>((resolve) => { const off = busB.onGap(() => { off(); resolve(); }); });
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    const killed = await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'moonshift-bus' and datname = current_database()");
    await admin.end();
    expect(killed.rowCount).toBe(2);
    await gap;
    const onB = next(busB, 'after');
    await busA.publish('after', 'again');
    expect(await onB).toBe('again');
  });

  it('invalidates a cached value on the other instance once the change commits', async () => {
    const clock = { now: () => 0 };
    const load = (uow: PgUnitOfWork) => async (key: string) =>
      uow.read(async (q) => (await q.db.select().from(q.t.appSettings)).find((r) => r.key === key)?.value ?? null);
    const cacheA = new BusCache({ bus: busA, clock }, 'org', load(a));
    const cacheB = new BusCache({ bus: busB, clock }, 'org', load(b));
    await a.run(async (tx) => { await tx.db.insert(tx.t.appSettings).values({ key: 'hours', value: '09-18', updatedAt: 0 }); });
    expect(await cacheA.get('hours')).toBe('09-18');
    expect(await cacheB.get('hours')).toBe('09-18');
    const heardOnB = next(busB, 'cache.org');
    await a.run(async (tx) => {
      await tx.db.update(tx.t.appSettings).set({ value: '08-20' });
      cacheA.invalidate(tx, 'hours');
    });
    await heardOnB;
    expect(await cacheB.get('hours')).toBe('08-20');
    expect(await cacheA.get('hours')).toBe('08-20');
    cacheA.close(); cacheB.close();
  });
});
