/**
 * @module The keyed lock within one process (SQLite: one machine; instances on one file serialise their writes
 * anyway and deduplicate what they store). One mutex per key, dropped when nobody holds or waits for it.
 */
import { Mutex } from 'async-mutex';
import type { KeyedLock } from '../../core/ports/shared-state';

export function localLock(): KeyedLock {
  const held = new Map<string, { mutex: Mutex; users: number }>();
  return {
    async run(key, fn) {
      let entry = held.get(key);
      if (!entry) held.set(key, (entry = { mutex: new Mutex(), users: 0 }));
      entry.users++;
      try {
        return await entry.mutex.runExclusive(fn);
      } finally {
        if (--entry.users === 0) held.delete(key);
      }
    },
  };
}
