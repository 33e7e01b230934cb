/**
 * @module The PostgreSQL unit of work: a pool, `BEGIN … COMMIT` per `run` (drizzle's transaction), and a retry
 * of the whole function on a serialization failure (40001) or a deadlock (40P01) with a short jittered
 * backoff — so `fn` must be safe to run again (it is: its effects rolled back; after-commit effects of a
 * failed attempt are dropped). `nativePg(tx)` gives adapters (the job claim) the dialect's own builder.
 */
import { sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { PgTransaction } from 'drizzle-orm/pg-core';
import type { Queries, QueryBuilder } from '../../../core/ports/queries';
import type { Tx, UnitOfWork } from '../../../core/ports/unit-of-work';
import { TransactionScope, type EffectErrorHandler } from '../transaction-scope';
import { pgTables } from './tables';
import type { PgHandle } from './open';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- drizzle's transaction type parameters are not needed here
export type PgNativeTx = PgTransaction<any, any, any>;

export interface PgUnitOfWorkOptions {
  isolationLevel?: 'read committed' | 'repeatable read' | 'serializable';
  /** Attempts for a transaction that hit a serialization failure or deadlock (default 5). */
  maxAttempts?: number;
  onEffectError?: EffectErrorHandler;
  /** Refuse a nested `run`/`read` (default true; see `TransactionScope`). */
  checkNesting?: boolean;
}

export interface PgUnitOfWork extends UnitOfWork {
  readonly handle: PgHandle;
}

/** `Tx.serialize`'s names are transaction advisory locks on `hashtext('moonshift.serialize:' || name)`. */
export const SERIALIZE_PREFIX = 'moonshift.serialize:';

const RETRYABLE_SQLSTATE = new Set(['40001', '40P01']);

/** The SQLSTATE of a driver error, looking through drizzle's wrapping (`cause`). */
export function sqlState(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

const natives = new WeakMap<Tx, PgNativeTx>();

/** The PostgreSQL transaction behind a `Tx` (for adapters that need `FOR UPDATE SKIP LOCKED` and the like). */
export function nativePg(tx: Tx): PgNativeTx {
  const native = natives.get(tx);
  if (!native) throw new Error('not a PostgreSQL transaction');
  return native;
}

const queriesOver = (db: NodePgDatabase | PgNativeTx): Queries => ({ db: db as unknown as QueryBuilder, t: pgTables, engine: 'postgres' });

export function pgUnitOfWork(handle: PgHandle, o: PgUnitOfWorkOptions = {}): PgUnitOfWork {
  const scope = new TransactionScope(o.onEffectError, o.checkNesting);
  const maxAttempts = o.maxAttempts ?? 5;
  const reads = queriesOver(handle.db);

  const uow: PgUnitOfWork = {
    engine: 'postgres',
    handle,
    async run<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      scope.assertOutside();
      for (let attempt = 1; ; attempt++) {
        try {
          const { result, effects } = await handle.db.transaction(
            (native) => scope.within(queriesOver(native), async (statement) => { await native.execute(sql.raw(statement)); },
              (tx) => { natives.set(tx, native); return fn(tx); },
              async (name) => { await native.execute(sql`select pg_advisory_xact_lock(hashtext(${SERIALIZE_PREFIX + name}))`); }),
            o.isolationLevel ? { isolationLevel: o.isolationLevel } : undefined,
          );
          await scope.afterCommit(effects);
          return result;
        } catch (err) {
          const state = sqlState(err);
          if (!state || !RETRYABLE_SQLSTATE.has(state) || attempt >= maxAttempts) throw err;
          await new Promise((r) => setTimeout(r, Math.random() * 10 * 2 ** attempt));
        }
      }
    },
    read<T>(fn: (q: Queries) => Promise<T>): Promise<T> {
      scope.assertOutside();
      return scope.read(reads, fn);
    },
    close: () => { scope.close(); return handle.close(); },
  };
  scope.unit = uow;
  return uow;
}
