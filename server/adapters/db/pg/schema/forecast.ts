/** @module PostgreSQL mirror of server/adapters/db/sqlite/schema/forecast.ts. Schema: inbound load history as hourly counts per 微信客服 account (the demo's generated weeks), apart from conversations and messages. */
import { pgTable, text, bigint, primaryKey } from 'drizzle-orm/pg-core';

export const inboundHistory = pgTable('inbound_history', {
  openKfid: text('open_kfid').notNull(),
  /** Start of the hour (epoch ms, an hour boundary in the org zone). */
  hourStart: bigint('hour_start', { mode: 'number' }).notNull(),
  /** Inbound customer messages in that hour. */
  count: bigint('count', { mode: 'number' }).notNull(),
  /** Where the counts came from (`demo` = generated for the demo). */
  source: text('source').notNull(),
}, (t) => [primaryKey({ columns: [t.openKfid, t.hourStart] })]);
