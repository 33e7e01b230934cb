/**
 * @module PostgreSQL mirror of server/adapters/db/sqlite/schema/faq.ts. Schema: FAQ knowledge. Entries per team (`open_kfid`; null = every team): the question, its answer
 * and optional link, the intents and keywords it answers, the card button (`menu_id`) it answers, and its order.
 * Events record each use (card button, matched free text, sent by an agent) and each question that found no entry.
 */
import { pgTable, text, bigint, boolean, doublePrecision, index } from 'drizzle-orm/pg-core';
import type { FaqVia } from '../../sqlite/schema/faq';

export const faqEntries = pgTable('faq_entries', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  openKfid: text('open_kfid'),
  question: text('question').notNull(),
  answer: text('answer').notNull(),
  link: text('link'),
  intents: text('intents').notNull().default('[]'),
  keywords: text('keywords').notNull().default('[]'),
  menuId: text('menu_id'),
  position: bigint('position', { mode: 'number' }).notNull().default(0),
  enabled: boolean('enabled').notNull().default(true),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
}, (t) => [index('faq_entries_team').on(t.openKfid, t.position)]);

export const faqEvents = pgTable('faq_events', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  at: bigint('at', { mode: 'number' }).notNull(),
  openKfid: text('open_kfid'),
  conversationId: bigint('conversation_id', { mode: 'number' }),
  entryId: bigint('entry_id', { mode: 'number' }),
  via: text('via').$type<FaqVia>().notNull(),
  text: text('text'),
  score: doublePrecision('score'),
}, (t) => [index('faq_events_entry').on(t.entryId, t.at), index('faq_events_via_at').on(t.via, t.at)]);
