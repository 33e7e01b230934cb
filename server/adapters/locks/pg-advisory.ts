/**
 * @module The keyed lock across instances on PostgreSQL: a session advisory lock on `hashtext(namespace:key)`,
 * held by a connection taken from the pool for the duration of `fn` (so `fn` may do network work; it must not
 * need that connection). Within the process a local lock queues callers first, so one connection per key waits
 * at most. A holder whose process dies loses its connection and with it the lock.
 */
import type pg from 'pg';
import type { KeyedLock } from '../../core/ports/shared-state';
import { localLock } from './local';

/** The text whose `hashtext` is the advisory lock of `key` in `namespace` (SQL that tests a lock computes the same). */
export const advisoryLockName = (namespace: string, key: string) => `${namespace}:${key}`;

export function pgAdvisoryLock(pool: pg.Pool, namespace: string): KeyedLock {
  const local = localLock();
  return {
    run: (key, fn) => local.run(key, async () => {
      const client = await pool.connect();
      const name = advisoryLockName(namespace, key);
      let broken: unknown;
      try {
        await client.query('select pg_advisory_lock(hashtext($1))', [name]);
        try {
          return await fn();
        } finally {
          await client.query('select pg_advisory_unlock(hashtext($1))', [name]).catch((err: unknown) => { broken = err; });
        }
      } finally {
        // A connection whose unlock failed may still hold the lock: destroy it rather than give it back to the pool.
        client.release(broken instanceof Error ? broken : undefined);
      }
    }),
  };
}
