/**
 * @module Customer nicknames for templates: a SQLite cache of `kf/customer/batchget`, refreshed when older
 * than a day. WeCom only answers for customers active in the last 48 h, so a miss keeps the old value.
 */
import { eq, inArray } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import { conversations, customers, type OutboxRow } from '../db/schema/index';

const TTL_MS = 24 * 3_600_000;

export async function customerNickname(d: Pick<CoreDeps, 'db' | 'wecom' | 'clock' | 'log'>, externalUserid: string): Promise<string | undefined> {
  const row = d.db.select().from(customers).where(eq(customers.externalUserid, externalUserid)).get();
  if (row?.nickname && row.fetchedAt && d.clock.now() - row.fetchedAt < TTL_MS) return row.nickname;
  try {
    const r = await d.wecom.batchgetCustomers([externalUserid]);
    const c = r.customer_list.find((x) => x.external_userid === externalUserid);
    if (c) {
      const set = { nickname: c.nickname, avatar: c.avatar ?? null, fetchedAt: d.clock.now() };
      d.db.insert(customers).values({ externalUserid, ...set }).onConflictDoUpdate({ target: customers.externalUserid, set }).run();
      return c.nickname;
    }
  } catch (err) {
    d.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'customer nickname lookup failed');
  }
  return row?.nickname ?? undefined;
}

/**
 * Before a batch of template sends: fetch the nicknames the cache lacks in one `batchget` per 100 customers,
 * instead of one call per message.
 */
export async function prefetchNicknames(d: Pick<CoreDeps, 'db' | 'wecom' | 'clock' | 'log'>, rows: OutboxRow[]): Promise<void> {
  const convIds = [...new Set(rows.filter((r) => r.kind === 'send_template').map((r) => r.conversationId))];
  if (convIds.length === 0) return;
  const ids = d.db.select({ id: conversations.externalUserid }).from(conversations).where(inArray(conversations.id, convIds)).all().map((r) => r.id);
  const fresh = new Set(d.db.select({ id: customers.externalUserid, at: customers.fetchedAt }).from(customers)
    .where(inArray(customers.externalUserid, ids)).all()
    .filter((c) => c.at != null && d.clock.now() - c.at < TTL_MS).map((c) => c.id));
  const missing = ids.filter((id) => !fresh.has(id));
  for (let i = 0; i < missing.length; i += 100) {
    try {
      const r = await d.wecom.batchgetCustomers(missing.slice(i, i + 100));
      const now = d.clock.now();
      d.db.transaction((tx) => {
        for (const c of r.customer_list) {
          const set = { nickname: c.nickname, avatar: c.avatar ?? null, fetchedAt: now };
          tx.insert(customers).values({ externalUserid: c.external_userid, ...set }).onConflictDoUpdate({ target: customers.externalUserid, set }).run();
        }
      });
    } catch (err) {
      d.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'customer nickname batch lookup failed');
    }
  }
}
