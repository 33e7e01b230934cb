/** @module PostgreSQL mirror of server/adapters/db/sqlite/schema/settings.ts. Schema: organisation settings as JSON values by key (calendar, active rule set, timers, quotas …). */
import { pgTable, text, bigint } from 'drizzle-orm/pg-core';

export const appSettings = pgTable('app_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  updatedBy: text('updated_by'),
});
