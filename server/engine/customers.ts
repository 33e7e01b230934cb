/**
 * @module Customer nicknames for templates: a SQLite cache of `kf/customer/batchget`, refreshed when older
 * than a day. WeCom only answers for customers active in the last 48 h, so a miss keeps the old value. Misses
 * looked up in the same event-loop turn share one `batchget` (up to 100 customers a call).
 */
import { eq } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import { customers } from '../db/schema/index';
import type { KfCustomer } from '../wecom/types';

const TTL_MS = 24 * 3_600_000;

export async function customerNickname(d: Pick<CoreDeps, 'db' | 'wecom' | 'clock' | 'log'>, externalUserid: string): Promise<string | undefined> {
  const row = d.db.select().from(customers).where(eq(customers.externalUserid, externalUserid)).get();
  if (row?.nickname && row.fetchedAt && d.clock.now() - row.fetchedAt < TTL_MS) return row.nickname;
  try {
    const c = await batched(d, externalUserid);
    if (c) return c.nickname;
  } catch (err) {
    d.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'customer nickname lookup failed');
  }
  return row?.nickname ?? undefined;
}

type Deps = Pick<CoreDeps, 'db' | 'wecom' | 'clock' | 'log'>;
interface Waiter { resolve(c: KfCustomer | undefined): void; reject(err: unknown): void }
/** Look-ups waiting for the next `batchget`, per client (one product per client). */
const waiting = new WeakMap<object, Map<string, Waiter[]>>();

/**
 * One customer's `batchget` answer (cached in the table), asked together with every other customer looked up in
 * the same turn of the event loop: a batch of outbox sends (they start together) makes one call per 100 customers
 * instead of one per message.
 */
function batched(d: Deps, externalUserid: string): Promise<KfCustomer | undefined> {
  let queue = waiting.get(d.wecom);
  if (!queue) {
    const fresh = new Map<string, Waiter[]>();
    queue = fresh;
    waiting.set(d.wecom, fresh);
    setImmediate(() => { waiting.delete(d.wecom); void lookUp(d, fresh); });
  }
  const q = queue;
  return new Promise((resolve, reject) => { q.set(externalUserid, [...(q.get(externalUserid) ?? []), { resolve, reject }]); });
}

async function lookUp(d: Deps, queue: Map<string, Waiter[]>): Promise<void> {
  const ids = [...queue.keys()];
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    try {
      const r = await d.wecom.batchgetCustomers(chunk);
      const now = d.clock.now();
      const found = new Map(r.customer_list.map((c) => [c.external_userid, c]));
      d.db.transaction((tx) => {
        for (const c of found.values()) {
          const set = { nickname: c.nickname, avatar: c.avatar ?? null, fetchedAt: now };
          tx.insert(customers).values({ externalUserid: c.external_userid, ...set }).onConflictDoUpdate({ target: customers.externalUserid, set }).run();
        }
      });
      for (const id of chunk) for (const w of queue.get(id)!) w.resolve(found.get(id));
    } catch (err) {
      for (const id of chunk) for (const w of queue.get(id)!) w.reject(err);
    }
  }
}
