/** @module PostgreSQL mirror of server/adapters/db/sqlite/schema/customers.ts. Schema: kf customers' profiles as last fetched from `kf/customer/batchget` (nickname cache). */
import { pgTable, text, bigint } from 'drizzle-orm/pg-core';

export const customers = pgTable('customers', {
  externalUserid: text('external_userid').primaryKey(),
  nickname: text('nickname'),
  avatar: text('avatar'),
  /** JSON string[] of customer tags (engine condition `customer_tag`). */
  tags: text('tags').notNull().default('[]'),
  /** The agents' free-text note on this customer (sidebar), who wrote it last and when. */
  note: text('note').notNull().default(''),
  noteUpdatedBy: text('note_updated_by'),
  noteUpdatedAt: bigint('note_updated_at', { mode: 'number' }),
  fetchedAt: bigint('fetched_at', { mode: 'number' }),
});
