/**
 * @module Schema: FAQ knowledge. Entries per team (`open_kfid`; null = every team): the question, its answer
 * and optional link, the intents and keywords it answers, the card button (`menu_id`) it answers, and its order.
 * Events record each use (card button, matched free text, sent by an agent) and each question that found no entry.
 */
import { sqliteTable, text, integer, real, index } from 'drizzle-orm/sqlite-core';

export const faqEntries = sqliteTable('faq_entries', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  openKfid: text('open_kfid'),
  question: text('question').notNull(),
  answer: text('answer').notNull(),
  link: text('link'),
  /** JSON string[] of intent ids. */
  intents: text('intents').notNull().default('[]'),
  /** JSON string[] of keywords. */
  keywords: text('keywords').notNull().default('[]'),
  /** The FAQ/welcome card button this entry answers (e.g. `faq_price`). */
  menuId: text('menu_id'),
  position: integer('position').notNull().default(0),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [index('faq_entries_team').on(t.openKfid, t.position)]);

export type FaqVia = 'button' | 'text' | 'agent' | 'miss';

export const faqEvents = sqliteTable('faq_events', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  at: integer('at').notNull(),
  openKfid: text('open_kfid'),
  conversationId: integer('conversation_id'),
  /** null for a question that found no entry. */
  entryId: integer('entry_id'),
  via: text('via').$type<FaqVia>().notNull(),
  text: text('text'),
  score: real('score'),
}, (t) => [index('faq_events_entry').on(t.entryId, t.at), index('faq_events_via_at').on(t.via, t.at)]);

export type FaqEntry = typeof faqEntries.$inferSelect;
