/**
 * @module Customer nicknames for templates: a database cache of `kf/customer/batchget`, refreshed when older
 * than a day. WeCom only answers for customers active in the last 48 h, so a miss keeps the old value. Misses
 * looked up in the same event-loop turn share one `batchget` (up to 100 customers a call). A look-up stores what
 * WeCom said in a transaction of its own, or — a reply about to be sent — hands it to the caller, which stores it
 * with the reply's own result (`lookUpNicknameToStore`): no commit of its own between the look-up and the send.
 */
import { eq, sql } from 'drizzle-orm';
import type { CoreDeps } from '../../app/deps';
import { first } from '../ports/queries';
import type { Tx } from '../ports/unit-of-work';
import { reusableQuery } from '../ports/reusable-query';
import type { KfCustomer } from '../../channels/wecom-kf/types';

const TTL_MS = 24 * 3_600_000;

type Row = { nickname: string | null; fetchedAt: number | null } | undefined;
/** A customer's cached nickname row as a caller already read it (`row` undefined: the customer has none). */
export interface CachedNickname { row: Row }

/** Stores the answers of one `batchget` (nickname, avatar, when). */
type Save = (found: KfCustomer[], now: number) => void | Promise<void>;

/** A nickname looked up for a reply, and what WeCom said about the customer (when it was asked) for the caller to store. */
export interface LookedUpNickname { nickname: string | undefined; found?: { customer: KfCustomer; at: number } }

/** `save` undefined: WeCom's answer is handed back (`found`), not stored. */
async function nicknameFrom(d: Pick<CoreDeps, 'wecom' | 'clock' | 'log'>, save: Save | undefined, row: Row, externalUserid: string): Promise<LookedUpNickname> {
  if (row?.nickname && row.fetchedAt && d.clock.now() - row.fetchedAt < TTL_MS) return { nickname: row.nickname };
  try {
    const c = await batched(d, save, externalUserid);
    if (c) return { nickname: c.nickname, found: { customer: c, at: d.clock.now() } };
  } catch (err) {
    d.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'customer nickname lookup failed');
  }
  return { nickname: row?.nickname ?? undefined };
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

/** Stores what `batchget` said about customers (nickname, avatar, when) in `tx`: the one writer of the cache. */
export async function storeCustomersIn(tx: Tx, found: KfCustomer[], now: number): Promise<void> {
  for (const c of found) await storeNickname(tx, { id: c.external_userid, nickname: c.nickname, avatar: c.avatar ?? null, now });
}

export async function lookUpCustomerNickname(
  d: Pick<CoreDeps, 'shared' | 'wecom' | 'clock' | 'log'>, externalUserid: string, cached?: CachedNickname,
): Promise<string | undefined> {
  // `cached`: the row as the caller read it already
  const row = cached ? cached.row : await d.shared.uow.read((q) => first(cachedNickname(q, { id: externalUserid })));
  return (await nicknameFrom(d, (found, now) => d.shared.uow.run((tx) => storeCustomersIn(tx, found, now)), row, externalUserid)).nickname;
}

/**
 * A reply's nickname: the cached row the caller read with the reply, else WeCom's `batchget` (shared with the other
 * look-ups of this turn), whose answer the caller stores with the reply's result (`storeCustomersIn`, in the same
 * transaction) — the reply is not held up by a commit. A reply that is not sent stores nothing: the next one asks again.
 */
export function lookUpNicknameToStore(d: Pick<CoreDeps, 'wecom' | 'clock' | 'log'>, externalUserid: string, cached: CachedNickname): Promise<LookedUpNickname> {
  return nicknameFrom(d, undefined, cached.row, externalUserid);
}

type Deps = Pick<CoreDeps, 'wecom' | 'clock' | 'log'>;
/** `save`: how this look-up's answer is stored (undefined: its caller stores it). */
interface Waiter { save: Save | undefined; resolve(c: KfCustomer | undefined): void; reject(err: unknown): void }
/** Look-ups waiting for the next `batchget`, per client (one product per client; its `once` view shared with it). */
const waiting = new WeakMap<object, Map<string, Waiter[]>>();

/**
 * One customer's `batchget` answer (cached in the table), asked together with every other customer looked up in
 * the same turn of the event loop: a batch of outbox sends (they start together) makes one call per 100 customers
 * instead of one per message.
 */
function batched(d: Deps, save: Save | undefined, externalUserid: string): Promise<KfCustomer | undefined> {
  // a job's sends (through `once`) and the sidebar's look-ups share one batch: it runs with the first one's client
  const product = d.wecom.once;
  let queue = waiting.get(product);
  if (!queue) {
    const fresh = new Map<string, Waiter[]>();
    queue = fresh;
    waiting.set(product, fresh);
    setImmediate(() => { waiting.delete(product); void lookUp(d, fresh); });
  }
  const q = queue;
  return new Promise((resolve, reject) => { q.set(externalUserid, [...(q.get(externalUserid) ?? []), { save, resolve, reject }]); });
}

async function lookUp(d: Deps, queue: Map<string, Waiter[]>): Promise<void> {
  const ids = [...queue.keys()];
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    try {
      const r = await d.wecom.batchgetCustomers(chunk);
      const now = d.clock.now();
      const found = new Map(r.customer_list.map((c) => [c.external_userid, c]));
      // the customers some look-up stores here (one transaction for the chunk); the others' callers store theirs
      const save = chunk.flatMap((id) => queue.get(id)!).find((w) => w.save)?.save;
      const stored = [...found.values()].filter((c) => queue.get(c.external_userid)?.some((w) => w.save));
      if (save && stored.length > 0) await save(stored, now);
      for (const id of chunk) for (const w of queue.get(id)!) w.resolve(found.get(id));
    } catch (err) {
      for (const id of chunk) for (const w of queue.get(id)!) w.reject(err);
    }
  }
}
