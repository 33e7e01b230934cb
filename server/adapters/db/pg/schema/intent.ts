/**
 * @module PostgreSQL mirror of server/adapters/db/sqlite/schema/intent.ts. Schema: learning from agents — custom intents, admin examples, agents' corrections of a message's
 * intent, mined keyword suggestions (pending/accepted/rejected) and the accepted trigger keywords per intent.
 */
import { pgTable, text, bigint, boolean, doublePrecision, index, uniqueIndex } from 'drizzle-orm/pg-core';
import type { SuggestionStatus } from '../../sqlite/schema/intent';
import type { IntentId } from '../../../../../shared/domain/vocabulary';

/** Intents added by admins (the default pack lives in code: `DEFAULT_INTENT_PACK`). */
export const intentDefinitions = pgTable('intent_definitions', {
  id: text('id').$type<IntentId>().primaryKey(),
  labelZh: text('label_zh').notNull(),
  labelEn: text('label_en').notNull(),
  description: text('description').notNull().default(''),
  enabled: boolean('enabled').notNull().default(true),
  createdBy: text('created_by').notNull(),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
});

/** Training examples written by admins (for default or custom intents). */
export const intentExamples = pgTable('intent_examples', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  intent: text('intent').$type<IntentId>().notNull(),
  text: text('text').notNull(),
  emotion: doublePrecision('emotion'),
  createdBy: text('created_by').notNull(),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
}, (t) => [index('intent_examples_intent').on(t.intent)]);

/** An agent's correction of one stored message's intent (the latest per text wins in training). */
export const intentCorrections = pgTable('intent_corrections', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  msgid: text('msgid').notNull(),
  text: text('text').notNull(),
  fromIntent: text('from_intent').$type<IntentId>(),
  toIntent: text('to_intent').$type<IntentId>().notNull(),
  correctedBy: text('corrected_by').notNull(),
  correctedAt: bigint('corrected_at', { mode: 'number' }).notNull(),
}, (t) => [index('intent_corrections_msgid').on(t.msgid)]);

/** Phrases mined from transferred/complaint conversations that neither keywords nor the model caught. */
export const keywordSuggestions = pgTable('keyword_suggestions', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  phrase: text('phrase').notNull(),
  count: bigint('count', { mode: 'number' }).notNull(),
  /** JSON string[]. */
  examples: text('examples').notNull().default('[]'),
  suggestedIntent: text('suggested_intent').$type<IntentId>(),
  status: text('status').$type<SuggestionStatus>().notNull().default('pending'),
  minedAt: bigint('mined_at', { mode: 'number' }).notNull(),
  /** The intent the phrase was accepted for. */
  intent: text('intent').$type<IntentId>(),
  decidedBy: text('decided_by'),
  decidedAt: bigint('decided_at', { mode: 'number' }),
}, (t) => [uniqueIndex('keyword_suggestions_phrase').on(t.phrase), index('keyword_suggestions_status').on(t.status)]);

/** Accepted trigger keywords, per intent (read by the engine through `acceptedKeywords(d)`). */
export const intentKeywords = pgTable('intent_keywords', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  intent: text('intent').$type<IntentId>().notNull(),
  keyword: text('keyword').notNull(),
  suggestionId: bigint('suggestion_id', { mode: 'number' }).references(() => keywordSuggestions.id),
  addedBy: text('added_by').notNull(),
  addedAt: bigint('added_at', { mode: 'number' }).notNull(),
}, (t) => [uniqueIndex('intent_keywords_keyword').on(t.keyword)]);

