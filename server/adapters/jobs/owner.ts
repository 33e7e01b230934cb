/**
 * @module A runner's proof of life on PostgreSQL: while an instance runs jobs it holds the keyed lock
 * `jobs.owner:<owner>` (a session advisory lock on one connection of its pool). A process that dies loses its
 * connection and with it the lock, so the others can tell at once that a `running` job's owner is gone and take it
 * over (claim.ts), instead of waiting for its lease to expire. On SQLite the lock is in-process and nothing reads it.
 */
import type { KeyedLock } from '../../core/ports/shared-state';

/** The keyed lock's namespace: the claim tests `hashtext('jobs.owner:' || locked_by)`. */
export const JOB_OWNER_LOCK = 'jobs.owner';

/** Takes `owner`'s lock and keeps it; resolves once held, with the function that lets it go. */
export async function holdJobOwner(lock: KeyedLock, owner: string): Promise<() => Promise<void>> {
  let letGo!: () => void;
  const released = new Promise<void>((r) => { letGo = r; });
  let held!: () => void;
  const holding = new Promise<void>((r) => { held = r; });
  const run = lock.run(owner, async () => { held(); await released; });
  await Promise.race([holding, run]); // `run` settles first only when the lock could not be taken (it throws)
  return async () => { letGo(); await run; };
}
