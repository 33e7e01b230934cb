/**
 * @module Schema: rule-set versions (draft → published → archived; the active one is named in app_settings)
 * and every decision the engine made, with the version it used and its trace.
 */
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';

export type RuleSetStatus = 'draft' | 'published' | 'archived';

export const ruleSets = sqliteTable('rule_sets', {
  version: text('version').primaryKey(),
  status: text('status').$type<RuleSetStatus>().notNull(),
  /** JSON of the shared RuleSet. */
  body: text('body').notNull(),
  note: text('note'),
  createdAt: integer('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  publishedAt: integer('published_at'),
  publishedBy: text('published_by'),
});

export const decisions = sqliteTable('decisions', {
  id: integer('id').primaryKey(),
  conversationId: integer('conversation_id').notNull(),
  causeMsgid: text('cause_msgid'),
  /** What started it: a customer message, a follow-up/escalation timer, a probe. */
  trigger: text('trigger').notNull(),
  ruleSetVersion: text('rule_set_version').notNull(),
  at: integer('at').notNull(),
  dryRun: integer('dry_run', { mode: 'boolean' }).notNull().default(false),
  /** JSON: planned actions. */
  actions: text('actions').notNull(),
  /** JSON: the engine's trace, without what the version's rule set restores (shared/engine/stored-trace.ts). */
  trace: text('trace').notNull(),
  /** Facts summary for the "why" view (window, intent, emotion, status). */
  facts: text('facts').notNull(),
}, (t) => [index('decisions_conversation').on(t.conversationId, t.at)]);

export type DecisionRow = typeof decisions.$inferSelect;
