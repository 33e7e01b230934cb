/**
 * @module PostgreSQL mirror of server/adapters/db/sqlite/schema/rules.ts. Schema: rule-set versions (draft → published → archived; the active one is named in app_settings)
 * and every decision the engine made, with the version it used and its trace.
 */
import { pgTable, text, bigint, boolean, index } from 'drizzle-orm/pg-core';
import type { RuleSetStatus } from '../../sqlite/schema/rules';

export const ruleSets = pgTable('rule_sets', {
  version: text('version').primaryKey(),
  status: text('status').$type<RuleSetStatus>().notNull(),
  /** JSON of the shared RuleSet. */
  body: text('body').notNull(),
  note: text('note'),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  createdBy: text('created_by').notNull(),
  publishedAt: bigint('published_at', { mode: 'number' }),
  publishedBy: text('published_by'),
});

export const decisions = pgTable('decisions', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  conversationId: bigint('conversation_id', { mode: 'number' }).notNull(),
  causeMsgid: text('cause_msgid'),
  /** What started it: a customer message, a follow-up/escalation timer, a probe. */
  trigger: text('trigger').notNull(),
  ruleSetVersion: text('rule_set_version').notNull(),
  at: bigint('at', { mode: 'number' }).notNull(),
  dryRun: boolean('dry_run').notNull().default(false),
  /** JSON: planned actions. */
  actions: text('actions').notNull(),
  /** JSON: the engine's trace, without what the version's rule set restores (shared/engine/stored-trace.ts). */
  trace: text('trace').notNull(),
  /** Facts summary for the "why" view (window, intent, emotion, status). */
  facts: text('facts').notNull(),
}, (t) => [index('decisions_conversation').on(t.conversationId, t.at)]);

