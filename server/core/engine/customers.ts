/**
 * @module Customer nicknames for templates: a database cache of `kf/customer/batchget`, refreshed when older
 * than a day. WeCom only answers for customers active in the last 48 h, so a miss keeps the old value. Misses
 * looked up in the same event-loop turn share one `batchget` (up to 100 customers a call).
 */
import { eq, sql } from 'drizzle-orm';
import type { CoreDeps } from '../../app/deps';
import { first } from '../ports/queries';
import { reusableQuery } from '../ports/reusable-query';
import type { KfCustomer } from '../../channels/wecom-kf/types';

const TTL_MS = 24 * 3_600_000;

type Row = { nickname: string | null; fetchedAt: number | null } | undefined;
/** A customer's cached nickname row as a caller already read it (`row` undefined: the customer has none). */
export interface CachedNickname { row: Row }

/** Stores the answers of one `batchget` (nickname, avatar, when). */
type Save = (found: KfCustomer[], now: number) => void | Promise<void>;

async function nicknameFrom(d: Pick<CoreDeps, 'wecom' | 'clock' | 'log'>, save: Save, row: Row, externalUserid: string): Promise<string | undefined> {
  if (row?.nickname && row.fetchedAt && d.clock.now() - row.fetchedAt < TTL_MS) return row.nickname;
  try {
    const c = await batched(d, save, externalUserid);
    if (c) return c.nickname;
  } catch (err) {
    d.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'customer nickname lookup failed');
  }
  return row?.nickname ?? undefined;
}

/**
 * A customer's nickname on the product's unit of work: the cached row (read outside any transaction), else
 * WeCom's `batchget` (shared with the other look-ups of this turn), whose answers are stored in one transaction.
 * Call it outside a transaction (it makes a network call).
 */
/* Once per customer message (reusable: built once, see core/ports/reusable-query.ts). */
const cachedNickname = reusableQuery('customers_cached_nickname', ['id'], ({ db, t: { customers } }, p) =>
  db.select({ nickname: customers.nickname, fetchedAt: customers.fetchedAt }).from(customers).where(eq(customers.externalUserid, p.id)).limit(1));
const storeNickname = reusableQuery('customers_store_nickname', ['id', 'nickname', 'avatar', 'now'], ({ db, t: { customers } }, p) =>
  db.insert(customers).values({ externalUserid: p.id, nickname: p.nickname, avatar: p.avatar, fetchedAt: p.now })
    .onConflictDoUpdate({ target: customers.externalUserid, set: { nickname: sql`${p.nickname}`, avatar: sql`${p.avatar}`, fetchedAt: sql`${p.now}` } }));

export async function lookUpCustomerNickname(
  d: Pick<CoreDeps, 'shared' | 'wecom' | 'clock' | 'log'>, externalUserid: string, cached?: CachedNickname,
): Promise<string | undefined> {
  // `cached`: the row as the caller read it already (the outbox reads it with the row it sends)
  const row = cached ? cached.row : await d.shared.uow.read((q) => first(cachedNickname(q, { id: externalUserid })));
  return nicknameFrom(d, (found, now) => d.shared.uow.run(async (tx) => {
    for (const c of found) await storeNickname(tx, { id: c.external_userid, nickname: c.nickname, avatar: c.avatar ?? null, now });
  }), row, externalUserid);
}

type Deps = Pick<CoreDeps, 'wecom' | 'clock' | 'log'>;
interface Waiter { resolve(c: KfCustomer | undefined): void; reject(err: unknown): void }
/** Look-ups waiting for the next `batchget`, per client (one product per client). */
const waiting = new WeakMap<object, Map<string, Waiter[]>>();

/**
 * One customer's `batchget` answer (cached in the table), asked together with every other customer looked up in
 * the same turn of the event loop: a batch of outbox sends (they start together) makes one call per 100 customers
 * instead of one per message.
 */
function batched(d: Deps, save: Save, externalUserid: string): Promise<KfCustomer | undefined> {
  let queue = waiting.get(d.wecom);
  if (!queue) {
    const fresh = new Map<string, Waiter[]>();
    queue = fresh;
    waiting.set(d.wecom, fresh);
    setImmediate(() => { waiting.delete(d.wecom); void lookUp(d, save, fresh); });
  }
  const q = queue;
  return new Promise((resolve, reject) => { q.set(externalUserid, [...(q.get(externalUserid) ?? []), { resolve, reject }]); });
}

async function lookUp(d: Deps, save: Save, queue: Map<string, Waiter[]>): Promise<void> {
  const ids = [...queue.keys()];
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    try {
      const r = await d.wecom.batchgetCustomers(chunk);
      const now = d.clock.now();
      const found = new Map(r.customer_list.map((c) => [c.external_userid, c]));
      await save([...found.values()], now);
      for (const id of chunk) for (const w of queue.get(id)!) w.resolve(found.get(id));
    } catch (err) {
      for (const id of chunk) for (const w of queue.get(id)!) w.reject(err);
    }
  }
}
