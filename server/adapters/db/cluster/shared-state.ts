/**
 * @module The state every instance of the server shares, composed on the product's SQLite connection: the unit
 * of work, WeCom tokens and tickets, rate limits and replay memory (all in the database file), and the janitor's
 * work that drops expired rows (windows older than a day, keys past their time to live). The janitor is a
 * recurring job on the one queue (`JANITOR`; its work, finished jobs included, in server/jobs/janitor.ts): one
 * run per period cluster-wide, no loop.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Clock } from '../../../core/ports/clock';
import type { RateLimiter, ReplayMemory, TokenStore } from '../../../core/ports/shared-state';
import type { Tx, UnitOfWork } from '../../../core/ports/unit-of-work';
import { sqliteUnitOfWorkOn } from '../sqlite/unit-of-work';
import { SqlRateLimiter, SqlReplayMemory } from './limits';
import { SqlTokenStore } from './token-store';

export interface SharedState {
  uow: UnitOfWork;
  tokens: TokenStore;
  limits: RateLimiter;
  replays: ReplayMemory;
  /** The janitor's work, in the caller's transaction: drops expired rate windows and replay keys; returns how many. */
  purge(tx: Tx): Promise<number>;
  /** Releases the unit of work's own connections. */
  close(): Promise<void>;
}

/** The janitor as a recurring job: its kind and period. */
export const JANITOR = { name: 'cluster.janitor', everyMs: 10 * 60_000 } as const;

const DAY = 86_400_000;

/**
 * The unit of work made here is THE one on this connection: the job queue and anything else that needs one take
 * `uow` from here (two units of work on one SQLite connection would interleave their transactions).
 */
export function sharedStateOnSqlite(sqlite: Database.Database, clock: Clock, o: { onEffectError?: (err: unknown) => void } = {}): SharedState {
  const uow = sqliteUnitOfWorkOn(sqlite, o.onEffectError ? { onEffectError: o.onEffectError } : {});
  const limits = new SqlRateLimiter(clock);
  const replays = new SqlReplayMemory(clock);
  const tokens = new SqlTokenStore({ uow, clock }, { owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}` });
  return {
    uow, tokens, limits, replays,
    async purge(tx) { return await limits.purge(tx, clock.now() - DAY) + await replays.purge(tx); },
    async close() { await uow.close(); },
  };
}
