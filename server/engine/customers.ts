/**
 * @module Customer nicknames for templates: a SQLite cache of `kf/customer/batchget`, refreshed when older
 * than a day. WeCom only answers for customers active in the last 48 h, so a miss keeps the old value.
 */
import { eq } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import { customers } from '../db/schema/index';

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
