/**
 * @module The cache port: values loaded from the database and kept in memory on each instance, dropped on
 * every instance when the data changes (over the bus, after the changing transaction commits).
 *
 * @example
 *   const orgConfig = caches.create('org-config', (key) => uow.read((q) => loadOrgConfig(q, key)));
 *   await orgConfig.get('default');
 *   // in a verb that changes it, inside uow.run:
 *   orgConfig.invalidate(tx, 'default');
 */
import type { Tx } from './unit-of-work';

export interface Cache<V> {
  get(key: string): Promise<V>;
  /** After `tx` commits: drop `key` (or every key) here and on every other instance. */
  invalidate(tx: Tx, key?: string): void;
}
