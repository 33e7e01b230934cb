/**
 * @module The unit of work port: `run(async tx => …)` is one database transaction on either engine. Inside,
 * await only database work (the SQLite adapter holds the one write connection for the whole function);
 * effects that need the network are queued with `tx.afterCommit` (or enqueued as jobs) and run after commit.
 * `read(q => …)` reads committed data outside any transaction.
 *
 * @example
 *   const id = await uow.run(async (tx) => {
 *     const [c] = await tx.db.update(tx.t.conversations).set({ mutedUntil: until })
 *       .where(eq(tx.t.conversations.id, conversationId)).returning({ id: tx.t.conversations.id });
 *     if (!c) throw new NotFoundError('conversation');
 *     tx.afterCommit(() => bus.publish('conversation', { id: c.id }));
 *     return c.id;
 *   });
 */
import type { Engine, Queries } from './queries';

export interface Tx extends Queries {
  /** Runs after the transaction committed (never after a rollback), in order; `run` resolves after them. */
  afterCommit(effect: () => void | Promise<void>): void;
  /** Runs `fn` as a part of the transaction that can fail alone: when it throws, its writes (and the after-commit effects it queued) are undone
   *  (the rest of the transaction goes on) and the error is rethrown. */
  savepoint<T>(fn: () => Promise<T>): Promise<T>;
}

export interface UnitOfWork {
  readonly engine: Engine;
  /** One transaction: commits when `fn` resolves, rolls back when it throws (and rethrows). */
  run<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Committed data, outside any transaction (never sees or joins an open one). */
  read<T>(fn: (q: Queries) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** `run` or `read` called from inside a transaction: use the `tx` you have. */
export class NestedTransactionError extends Error {
  readonly code = 'nested_transaction';
  constructor() { super('a unit of work was started inside another one: use the transaction you have'); }
}
