/**
 * @module What both unit-of-work adapters share: the async context that knows whether code runs inside a
 * transaction (a nested `run`/`read` is refused instead of deadlocking or silently opening a second
 * transaction), and the after-commit effects queue. The nesting check needs an `AsyncLocalStorage`, and while one
 * is in use Node runs a hook for every promise the process makes (about a tenth of the CPU a customer message
 * costs): a scope made with `checkNesting: false` (the product in live mode) skips it; tests and the demo keep it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { NestedTransactionError, type Tx } from '../../core/ports/unit-of-work';
import type { Queries } from '../../core/ports/queries';

export type EffectErrorHandler = (err: unknown) => void;

/** Executes one SQL statement of the engine's own (SAVEPOINT, RELEASE, ROLLBACK TO) on the transaction's connection. */
export type ExecStatement = (statement: string) => Promise<void>;
/** Takes the engine's lock `name` for the rest of the transaction (`Queries.serialize`); absent where transactions run one at a time. */
export type SerializeOn = (name: string) => Promise<void>;

const reportToStderr: EffectErrorHandler = (err) => { console.error('after-commit effect failed', err); };

/** The unit of work each open transaction belongs to (adapters' registries per unit of work, e.g. the job runner that adopts jobs). */
const unitOfTx = new WeakMap<Tx, object>();

/** The unit of work that opened `tx` (undefined for a transaction not made by a `TransactionScope`). */
export function unitOf(tx: Tx): object | undefined {
  return unitOfTx.get(tx);
}

export class TransactionScope {
  private readonly current = new AsyncLocalStorage<true>();
  /** The unit of work this scope opens transactions for (set by the adapter once it is built): what `unitOf` answers. */
  unit: object | undefined;

  constructor(private readonly onEffectError: EffectErrorHandler = reportToStderr, private readonly checkNesting = true) {}

  assertOutside(): void {
    if (this.checkNesting && this.current.getStore()) throw new NestedTransactionError();
  }

  /** Runs `fn` with a fresh `Tx` over `q`; returns its result and the effects it queued. */
  async within<T>(q: Queries, exec: ExecStatement, fn: (tx: Tx) => Promise<T>, lock?: SerializeOn): Promise<{ result: T; effects: (() => void | Promise<void>)[] }> {
    const effects: (() => void | Promise<void>)[] = [];
    let savepoints = 0;
    const memo = new Map<string, unknown>();
    // what the transaction holds is remembered in the memo: after a savepoint rolled back it is asked for again (the engine's
    // lock is re-entrant, and one taken inside the savepoint may be gone with it)
    const serialize = lock && (async (name: string) => {
      const key = `serialize:${name}`;
      if (memo.has(key)) return;
      await lock(name);
      memo.set(key, true);
    });
    const tx: Tx = {
      db: q.db, t: q.t, engine: q.engine, memo, ...(serialize ? { serialize } : {}),
      afterCommit: (e) => { effects.push(e); },
      async savepoint(part) {
        const name = `sp${++savepoints}`;
        const queued = effects.length;
        await exec(`savepoint ${name}`);
        try {
          const r = await part();
          await exec(`release savepoint ${name}`);
          return r;
        } catch (err) {
          memo.clear(); // what the undone part wrote or read may be gone
          effects.length = queued; // and what it meant to do after commit is undone with it
          await exec(`rollback to savepoint ${name}`);
          await exec(`release savepoint ${name}`);
          throw err;
        }
      },
    };
    if (this.unit) unitOfTx.set(tx, this.unit);
    const result = await (this.checkNesting ? this.current.run(true, () => fn(tx)) : fn(tx));
    return { result, effects };
  }

  /** Reads run in the same guarded context (a `run` inside a `read` is refused too). */
  read<T>(q: Queries, fn: (q: Queries) => Promise<T>): Promise<T> {
    const reads: Queries = { db: q.db, t: q.t, engine: q.engine, memo: new Map() };
    return this.checkNesting ? this.current.run(true, () => fn(reads)) : fn(reads);
  }

  /** The unit of work closed: its context tracking ends too (Node's per-promise hooks stop once no such context is in use). */
  close(): void {
    this.current.disable();
  }

  /** After commit: each effect in order; a failing one is reported and does not stop the others. */
  async afterCommit(effects: (() => void | Promise<void>)[]): Promise<void> {
    for (const e of effects) {
      try { await e(); } catch (err) { this.onEffectError(err); }
    }
  }
}
