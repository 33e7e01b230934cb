/** @module Schema: kf customers' profiles as last fetched from `kf/customer/batchget` (nickname cache). */
import { sqliteTable, text, integer } from 'drizzle-orm/sqlite-core';

export const customers = sqliteTable('customers', {
  externalUserid: text('external_userid').primaryKey(),
  nickname: text('nickname'),
  avatar: text('avatar'),
  /** JSON string[] of customer tags (engine condition `customer_tag`). */
  tags: text('tags').notNull().default('[]'),
  /** The agents' free-text note on this customer (sidebar), who wrote it last and when. */
  note: text('note').notNull().default(''),
  noteUpdatedBy: text('note_updated_by'),
  noteUpdatedAt: integer('note_updated_at'),
  fetchedAt: integer('fetched_at'),
});
