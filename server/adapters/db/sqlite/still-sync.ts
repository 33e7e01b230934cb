/**
 * @module The bridge for what has only a synchronous better-sqlite3 form (SQLite-only switches such as the
 * outbox ordering test trigger): async code inside a unit of work reaches the synchronous handle on the same
 * connection. On the product's SQLite connection the unit of work and the synchronous store are one connection
 * (`sqliteUnitOfWorkOn`), so a synchronous call made inside `uow.run` is part of the open transaction. No such
 * bridge exists on PostgreSQL: there it fails loudly, naming what is still synchronous.
 *
 * @example
 *   await d.shared.uow.run(async (tx) => {
 *     stillSync(tx, d.db, 'the outbox ordering test switch').run(sql`create temp trigger if not exists …`);
 *   });
 */
import type { Queries } from '../../../core/ports/queries';
import type { Store } from './index';

export class StillSynchronousError extends Error {
  readonly code = 'still_synchronous';
  constructor(what: string) { super(`${what} is still synchronous (SQLite only): it cannot run in a PostgreSQL unit of work yet`); }
}

/** `store` — the synchronous handle on the connection `q` runs on — when the engine is SQLite; else throws. */
export function stillSync(q: Pick<Queries, 'engine'>, store: Store, what: string): Store {
  if (q.engine !== 'sqlite') throw new StillSynchronousError(what);
  return store;
}
