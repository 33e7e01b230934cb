/**
 * @module The state every instance of the server shares, composed on the product's SQLite connection: the unit
 * of work, WeCom tokens and tickets, rate limits and replay memory (all in the database file), and the janitor's
 * work that drops expired rows (windows older than a day, keys past their time to live). The janitor is a
 * recurring job on the one queue (`JANITOR`; its work, finished jobs included, in server/app/janitor.ts): one
 * run per period cluster-wide, no loop.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Clock } from '../../../core/ports/clock';
import type { KeyedLock, RateLimiter, ReplayMemory, TokenStore } from '../../../core/ports/shared-state';
import type { Tx, UnitOfWork } from '../../../core/ports/unit-of-work';
import type { Bus } from '../../../core/ports/bus';
import { sqliteUnitOfWorkOn } from '../sqlite/unit-of-work';
import { createPool, openPg } from '../pg/open';
import { pgUnitOfWork } from '../pg/unit-of-work';
import { inProcessBus } from '../../bus/in-process';
import { pgBus } from '../../bus/pg-notify';
import { localLock } from '../../locks/local';
import { pgAdvisoryLock } from '../../locks/pg-advisory';
import { SqlRateLimiter, SqlReplayMemory } from './limits';
import { SqlTokenStore } from './token-store';

export interface SharedState {
  uow: UnitOfWork;
  /** Notices to every instance: in-process on SQLite (one machine), LISTEN/NOTIFY on PostgreSQL. */
  bus: Bus;
  tokens: TokenStore;
  limits: RateLimiter;
  replays: ReplayMemory;
  /** A lock per key for work one instance at a time may do (`namespace`: what the keys name, e.g. `pull`). */
  lock(namespace: string): KeyedLock;
  /** The janitor's work, in the caller's transaction: drops expired rate windows and replay keys; returns how many. */
  purge(tx: Tx): Promise<number>;
  /** Releases the unit of work's own connections and the bus. */
  close(): Promise<void>;
}

/** The janitor as a recurring job: its kind and period. */
export const JANITOR = { name: 'cluster.janitor', everyMs: 10 * 60_000 } as const;

const DAY = 86_400_000;

/**
 * The unit of work made here is THE one on this connection: the job queue and anything else that needs one take
 * `uow` from here (two units of work on one SQLite connection would interleave their transactions).
 */
export function sharedStateOnSqlite(sqlite: Database.Database, clock: Clock, o: SharedStateOptions = {}): SharedState {
  const uow = sqliteUnitOfWorkOn(sqlite, { onEffectError: o.onEffectError, checkNesting: o.checkNesting });
  const locks = new Map<string, KeyedLock>();
  const lock = (namespace: string) => locks.get(namespace) ?? locks.set(namespace, localLock()).get(namespace)!;
  return composed(uow, inProcessBus({ onError: o.onBusError }), lock, clock, async () => { await uow.close(); });
}

/**
 * The same on PostgreSQL (`DATABASE_URL`): a pool with the committed migrations applied (under the advisory lock),
 * its unit of work, and the LISTEN/NOTIFY bus that carries token notices, cache drops and SSE events between instances.
 */
export async function sharedStateOnPg(url: string, clock: Clock, o: SharedStateOptions & { poolSize?: number } = {}): Promise<SharedState> {
  const handle = await openPg(url, { max: o.poolSize });
  const uow = pgUnitOfWork(handle, { onEffectError: o.onEffectError, checkNesting: o.checkNesting });
  const bus = pgBus({ url, pool: handle.pool, onError: o.onBusError });
  await bus.ready;
  // The keyed locks' session connections come from a pool of their own: a holder's work takes its connections from the
  // unit of work's pool, so as many holders as that pool has connections (one pull per 微信客服 account, the job runner's
  // owner lock) can never leave their own work waiting for a connection that only they could give back.
  const lockPool = createPool(url, LOCK_CONNECTIONS);
  const locks = new Map<string, KeyedLock>();
  const lock = (namespace: string) => locks.get(namespace) ?? locks.set(namespace, pgAdvisoryLock(lockPool, namespace)).get(namespace)!;
  // the unit of work ends its pool
  return composed(uow, bus, lock, clock, async () => { await bus.close(); await uow.close(); await lockPool.end(); });
}

/** Keys held at once by one instance at most (accounts pulling at once, the job runner's owner); more wait for one to end. */
const LOCK_CONNECTIONS = 16;

export interface SharedStateOptions {
  onEffectError?: (err: unknown) => void;
  onBusError?: (err: unknown) => void;
  /** Refuse a nested transaction (default true; the product in live mode turns it off: see `TransactionScope`). */
  checkNesting?: boolean | undefined;
}

function composed(uow: UnitOfWork, bus: Bus, lock: (namespace: string) => KeyedLock, clock: Clock, close: () => Promise<void>): SharedState {
  const limits = new SqlRateLimiter(clock);
  const replays = new SqlReplayMemory(clock);
  const tokens = new SqlTokenStore({ uow, clock, bus }, { owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}` });
  return {
    uow, bus, tokens, limits, replays, lock,
    async purge(tx) { return await limits.purge(tx, clock.now() - DAY) + await replays.purge(tx); },
    close,
  };
}
