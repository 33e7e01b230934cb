/**
 * @module Schema: learning from agents — custom intents, admin examples, agents' corrections of a message's
 * intent, mined keyword suggestions (pending/accepted/rejected) and the accepted trigger keywords per intent.
 */
import { sqliteTable, text, integer, real, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { IntentId } from '../../../../../shared/domain/vocabulary';

/** Intents added by admins (the default pack lives in code: `DEFAULT_INTENT_PACK`). */
export const intentDefinitions = sqliteTable('intent_definitions', {
  id: text('id').$type<IntentId>().primaryKey(),
  labelZh: text('label_zh').notNull(),
  labelEn: text('label_en').notNull(),
  description: text('description').notNull().default(''),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
  createdBy: text('created_by').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** Training examples written by admins (for default or custom intents). */
export const intentExamples = sqliteTable('intent_examples', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  intent: text('intent').$type<IntentId>().notNull(),
  text: text('text').notNull(),
  emotion: real('emotion'),
  createdBy: text('created_by').notNull(),
  createdAt: integer('created_at').notNull(),
}, (t) => [index('intent_examples_intent').on(t.intent)]);

/** An agent's correction of one stored message's intent (the latest per text wins in training). */
export const intentCorrections = sqliteTable('intent_corrections', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  msgid: text('msgid').notNull(),
  text: text('text').notNull(),
  fromIntent: text('from_intent').$type<IntentId>(),
  toIntent: text('to_intent').$type<IntentId>().notNull(),
  correctedBy: text('corrected_by').notNull(),
  correctedAt: integer('corrected_at').notNull(),
}, (t) => [index('intent_corrections_msgid').on(t.msgid)]);

export type SuggestionStatus = 'pending' | 'accepted' | 'rejected';

/** Phrases mined from transferred/complaint conversations that neither keywords nor the model caught. */
export const keywordSuggestions = sqliteTable('keyword_suggestions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  phrase: text('phrase').notNull(),
  count: integer('count').notNull(),
  /** JSON string[]. */
  examples: text('examples').notNull().default('[]'),
  suggestedIntent: text('suggested_intent').$type<IntentId>(),
  status: text('status').$type<SuggestionStatus>().notNull().default('pending'),
  minedAt: integer('mined_at').notNull(),
  /** The intent the phrase was accepted for. */
  intent: text('intent').$type<IntentId>(),
  decidedBy: text('decided_by'),
  decidedAt: integer('decided_at'),
}, (t) => [uniqueIndex('keyword_suggestions_phrase').on(t.phrase), index('keyword_suggestions_status').on(t.status)]);

/** Accepted trigger keywords, per intent (read by the engine through `acceptedKeywords(d)`). */
export const intentKeywords = sqliteTable('intent_keywords', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  intent: text('intent').$type<IntentId>().notNull(),
  keyword: text('keyword').notNull(),
  suggestionId: integer('suggestion_id').references(() => keywordSuggestions.id),
  addedBy: text('added_by').notNull(),
  addedAt: integer('added_at').notNull(),
}, (t) => [uniqueIndex('intent_keywords_keyword').on(t.keyword)]);

export type IntentDefinitionRow = typeof intentDefinitions.$inferSelect;
export type IntentCorrection = typeof intentCorrections.$inferSelect;
export type KeywordSuggestionRow = typeof keywordSuggestions.$inferSelect;
