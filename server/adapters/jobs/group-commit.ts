/**
 * @module Group commit for the job runner's network steps: the completions that finish in one turn of the event loop,
 * or while one group's transaction runs, are settled together in the next one. Under load this is one transaction per
 * group instead of one per job, which keeps the write lock free for the work that feeds the queue (storing customers'
 * messages). One item's failure touches no other: the group settles first all together, without a savepoint each (two
 * statements per item fewer, each a round trip on PostgreSQL); when one of them throws, that transaction is rolled
 * back whole (its after-commit effects with it) and the group settled again, each item in its own savepoint so that
 * its failure is recorded.
 */
import type { Tx, UnitOfWork } from '../../core/ports/unit-of-work';

export interface GroupSettler<C> {
  /** The item's effects and completion, in the group's transaction; throws to be settled again on its own. */
  settle(tx: Tx, item: C): Promise<void>;
  /** `settle` threw `err`: records the failure (in a savepoint of its own); false when the item is no longer ours. */
  failed(tx: Tx, item: C, err: unknown): Promise<boolean>;
}

export class GroupCommit<C> {
  private readonly waiting: { item: C; resolve(lost: boolean): void; reject(err: unknown): void }[] = [];
  private settling: Promise<void> | undefined;

  constructor(private readonly uow: UnitOfWork, private readonly s: GroupSettler<C>) {}

  /** Settles `item` with its group; resolves once committed, with whether it was lost (no longer ours). */
  add(item: C): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      // after this turn's I/O: the answers that came in together (WeCom's replies to a batch of sends) settle together
      if (!this.settling) this.settling = new Promise((r) => setImmediate(r)).then(() => this.settleGroups());
    });
  }

  private async settleGroups(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        const group = this.waiting.splice(0);
        try {
          const lost = await this.settleGroup(group.map((g) => g.item));
          group.forEach((g, i) => { g.resolve(lost[i]!); });
        } catch (err) {
          for (const g of group) g.reject(err);
        }
      }
    } finally {
      this.settling = undefined;
    }
  }

  /** One group in one transaction: whether each item was lost. */
  private async settleGroup(items: C[]): Promise<boolean[]> {
    try {
      return await this.uow.run(async (tx) => {
        for (const item of items) await this.s.settle(tx, item);
        return items.map(() => false);
      });
    } catch {
      return this.uow.run(async (tx) => {
        const lost: boolean[] = [];
        for (const item of items) {
          try {
            await tx.savepoint(() => this.s.settle(tx, item));
            lost.push(false);
          } catch (err) {
            lost.push(!(await tx.savepoint(() => this.s.failed(tx, item, err))));
          }
        }
        return lost;
      });
    }
  }
}
