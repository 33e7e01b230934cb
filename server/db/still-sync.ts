/**
 * @module The bridge of the strangler conversion: async code inside a unit of work that must still call a
 * synchronous function (settings, calendars, duty, audit, the outbox writer — shared with the
 * inbound pipeline's synchronous transaction, the engine and the CLI, so they stay synchronous until those are
 * converted). On the product's SQLite connection the unit of work and the synchronous store are one connection
 * (`sqliteUnitOfWorkOn`), so a synchronous call made inside `uow.run` is part of the open transaction. No such
 * bridge exists on PostgreSQL: there it fails loudly, naming what is still synchronous.
 *
 * @example
 *   await d.shared.uow.run(async (tx) => {
 *     const e = await createFaq(tx, body, now);
 *     audit(stillSync(tx, d.db, 'audit'), { at: now, actor, action: 'faq.create', target: String(e.id), after: e });
 *   });
 */
import type { Queries } from '../core/ports/queries';
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
