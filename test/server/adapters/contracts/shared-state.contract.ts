/**
 * @module The shared-state contract, run on every engine: rate limits and replay memory in the database, and
 * the token store (one fetch at a time across instances, expiry, 45009 backoff, invalidation).
 */
import { describe, it, expect, beforeEach, afterEach, afterAll } from 'vitest';
import type { Bus } from '../../../../server/core/ports/bus';
import type { UnitOfWork } from '../../../../server/core/ports/unit-of-work';
import { TokenUnavailableError, type FetchedToken } from '../../../../server/core/ports/shared-state';
import { SqlRateLimiter, SqlReplayMemory } from '../../../../server/adapters/db/cluster/limits';
import { SqlTokenStore } from '../../../../server/adapters/db/cluster/token-store';
import type { Engine } from '../../../support/engines';
import { TestClock, T0 } from './jobs.contract';

export function sharedStateContract(engine: Engine, busFor: (uow: UnitOfWork) => Promise<Bus>): void {
  describe(`shared state on ${engine.name}`, () => {
    let uow: UnitOfWork;
    let clock: TestClock;
    const buses: Bus[] = [];
    beforeEach(async () => { uow = await engine.open(); clock = new TestClock(T0); });
    afterEach(async () => { for (const b of buses.splice(0)) await b.close(); await engine.cleanup(); });
    afterAll(() => engine.dispose());
    const bus = async (u: UnitOfWork) => { const b = await busFor(u); buses.push(b); return b; };

    it('allows `limit` hits per fixed window and counts every hit, then starts over in the next window', async () => {
      const limits = new SqlRateLimiter(clock);
      const rule = { limit: 3, windowMs: 60_000 };
      clock.t = 1_790_000_080_000; // 40 s into a minute
      const results = [];
      for (let i = 0; i < 4; i++) results.push(await uow.run((tx) => limits.hit(tx, 'alert:zhangsan', rule)));
      expect(results.map((r) => [r.allowed, r.count])).toEqual([[true, 1], [true, 2], [true, 3], [false, 4]]);
      expect(results[3]!.resetAt).toBe(1_790_000_080_000 + 20_000);
      expect((await uow.run((tx) => limits.hit(tx, 'alert:lisi', rule))).count).toBe(1);
      clock.advance(20_000);
      expect(await uow.run((tx) => limits.hit(tx, 'alert:zhangsan', rule))).toMatchObject({ allowed: true, count: 1 });
      expect(await uow.run((tx) => limits.purge(tx, clock.now()))).toBe(2);
    });

    it('remembers a key for its time to live: a second sighting is a replay, after expiry it is new again', async () => {
      const replays = new SqlReplayMemory(clock);
      const seen = (key: string) => uow.run((tx) => replays.firstSighting(tx, 'callback', key, 300_000));
      expect(await seen('1790000000:nonce1')).toBe(true);
      expect(await seen('1790000000:nonce1')).toBe(false);
      expect(await seen('1790000000:nonce2')).toBe(true);
      clock.advance(299_999);
      expect(await seen('1790000000:nonce1')).toBe(false);
      clock.advance(1);
      expect(await seen('1790000000:nonce1')).toBe(true);
      expect(await uow.run((tx) => replays.purge(tx))).toBe(1);
    });

    describe('token store', () => {
      let fetches: number;
      let release!: () => void;
      let gate: Promise<void>;
      const fetchToken = async (): Promise<FetchedToken> => { fetches++; await gate; return { value: `token-${fetches}`, expiresInMs: 7_200_000 }; };
      beforeEach(() => { fetches = 0; gate = new Promise((r) => { release = r; }); });

      it('fetches once for 20 concurrent callers on two instances, and again only near expiry', async () => {
        const b1 = await bus(uow);
        const other = engine.another ? await engine.another() : uow;
        const b2 = engine.another ? await bus(other) : b1;
        const a = new SqlTokenStore({ uow, clock, bus: b1 }, { owner: 'a' });
        const b = new SqlTokenStore({ uow: other, clock, bus: b2 }, { owner: 'b' });
        const gets = Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).get('corp:app', fetchToken));
        while (fetches === 0) await new Promise((r) => setImmediate(r));
        release();
        expect(new Set(await Promise.all(gets))).toEqual(new Set(['token-1']));
        expect(fetches).toBe(1);
        clock.advance(7_200_000 - 300_000 - 1);
        expect(await b.get('corp:app', fetchToken)).toBe('token-1');
        clock.advance(1);
        expect(await a.get('corp:app', fetchToken)).toBe('token-2');
        expect(await b.get('corp:app', fetchToken)).toBe('token-2');
        expect(fetches).toBe(2);
      });

      it('honours 45009 on gettoken: nobody calls WeCom again before the backoff ends', async () => {
        const store = new SqlTokenStore({ uow, clock }, { owner: 'a', rateLimitBackoffMs: 60_000 });
        const limited = async (): Promise<FetchedToken> => { fetches++; throw Object.assign(new Error('api freq out of limit'), { errcode: 45009 }); };
        await expect(store.get('corp:app', limited)).rejects.toMatchObject({ errcode: 45009 });
        await expect(store.get('corp:app', limited)).rejects.toBeInstanceOf(TokenUnavailableError);
        expect(fetches).toBe(1);
        clock.advance(60_000);
        release();
        expect(await store.get('corp:app', fetchToken)).toBe('token-2');
      });

      it('forgets a refused token, but not one another instance has already replaced', async () => {
        release();
        const store = new SqlTokenStore({ uow, clock }, { owner: 'a' });
        expect(await store.get('corp:app', fetchToken)).toBe('token-1');
        await store.invalidate('corp:app', 'stale-token');
        expect(await store.get('corp:app', fetchToken)).toBe('token-1');
        await store.invalidate('corp:app', 'token-1');
        expect(await store.get('corp:app', fetchToken)).toBe('token-2');
      });

      it('serves the value in force while another instance refreshes it, and waits only when there is none', async () => {
        release();
        const store = new SqlTokenStore({ uow, clock }, { owner: 'a', leaseMs: 15_000, waitPollMs: 1 });
        // near expiry (within the refresh margin) and another instance is refreshing it: still good for WeCom
        await uow.run(async (tx) => {
          await tx.db.insert(tx.t.sharedTokens).values({ name: 'corp:app', value: 'old', expiresAt: T0 + 60_000, refreshingBy: 'b', refreshUntil: T0 + 15_000, updatedAt: T0 });
        });
        expect(await store.get('corp:app', fetchToken)).toBe('old');
        expect(fetches).toBe(0);
        // once it expired there is nothing to serve: the refresh of the other instance is waited for (here taken over)
        clock.advance(60_000);
        expect(await store.get('corp:app', fetchToken)).toBe('token-1');
        expect(fetches).toBe(1);
      });

      it('takes over a refresh whose instance died holding the lease', async () => {
        release();
        const store = new SqlTokenStore({ uow, clock }, { owner: 'a', leaseMs: 15_000, waitPollMs: 1 });
        await uow.run(async (tx) => { await tx.db.insert(tx.t.sharedTokens).values({ name: 'corp:app', refreshingBy: 'dead', refreshUntil: T0 + 15_000, updatedAt: T0 }); });
        const got = store.get('corp:app', fetchToken);
        clock.advance(15_000); // the dead instance's lease runs out; the waiting caller polls and takes it over
        expect(await got).toBe('token-1');
      });
    });
  });
}
