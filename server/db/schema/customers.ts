/** @module Schema: kf customers' profiles as last fetched from `kf/customer/batchget` (nickname cache). */
import { sqliteTable, text, integer } from 'drizzle-orm/sqlite-core';

export const customers = sqliteTable('customers', {
  externalUserid: text('external_userid').primaryKey(),
  nickname: text('nickname'),
  avatar: text('avatar'),
  /** JSON string[] of customer tags (engine condition `customer_tag`). */
  tags: text('tags').notNull().default('[]'),
  fetchedAt: integer('fetched_at'),
});
