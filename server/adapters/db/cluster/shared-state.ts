/**
 * @module The state every instance of the server shares, composed on the product's SQLite connection: the unit
 * of work, WeCom tokens and tickets, rate limits and replay memory (all in the database file), and a janitor
 * that drops expired rows every `purgeEveryMs` (windows older than a day, keys past their time to live).
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Clock } from '../../../core/ports/clock';
import type { RateLimiter, ReplayMemory, TokenStore } from '../../../core/ports/shared-state';
import type { UnitOfWork } from '../../../core/ports/unit-of-work';
import { sqliteUnitOfWorkOn } from '../sqlite/unit-of-work';
import { SqlRateLimiter, SqlReplayMemory } from './limits';
import { SqlTokenStore } from './token-store';

export interface SharedState {
  uow: UnitOfWork;
  tokens: TokenStore;
  limits: RateLimiter;
  replays: ReplayMemory;
  /** Stops the janitor and releases the unit of work's own connections. */
  close(): Promise<void>;
}

const DAY = 86_400_000;

/**
 * The unit of work made here is THE one on this connection: the job queue and anything else that needs one take
 * `uow` from here (two units of work on one SQLite connection would interleave their transactions).
 */
export function sharedStateOnSqlite(sqlite: Database.Database, clock: Clock, o: { purgeEveryMs?: number; onError?: (err: unknown) => void; onEffectError?: (err: unknown) => void } = {}): SharedState {
  const uow = sqliteUnitOfWorkOn(sqlite, o.onEffectError ? { onEffectError: o.onEffectError } : {});
  const limits = new SqlRateLimiter(clock);
  const replays = new SqlReplayMemory(clock);
  const tokens = new SqlTokenStore({ uow, clock }, { owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}` });
  const purge = () => uow.run(async (tx) => {
    await limits.purge(tx, clock.now() - DAY);
    await replays.purge(tx);
  }).catch(o.onError ?? (() => undefined));
  const janitor = setInterval(() => void purge(), o.purgeEveryMs ?? 10 * 60_000);
  janitor.unref();
  return {
    uow, tokens, limits, replays,
    async close() { clearInterval(janitor); await uow.close(); },
  };
}
