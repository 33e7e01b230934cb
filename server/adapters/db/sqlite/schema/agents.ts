/** @module Schema: agents (WeCom members) with Moonshift's own status, and the history of every change. */
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import type { AgentStatus, StatusSource } from '../../../../../shared/domain/vocabulary';

export const agents = sqliteTable('agents', {
  userid: text('userid').primaryKey(),
  name: text('name').notNull(),
  status: text('status').$type<AgentStatus>().notNull().default('offline'),
  statusSource: text('status_source').$type<StatusSource>().notNull().default('system'),
  statusUntil: integer('status_until'),
  statusChangedAt: integer('status_changed_at').notNull(),
  createdAt: integer('created_at').notNull(),
});

export const agentStatusHistory = sqliteTable('agent_status_history', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  userid: text('userid').notNull().references(() => agents.userid),
  fromStatus: text('from_status').$type<AgentStatus>().notNull(),
  toStatus: text('to_status').$type<AgentStatus>().notNull(),
  source: text('source').$type<StatusSource>().notNull(),
  until: integer('until'),
  reason: text('reason'),
  at: integer('at').notNull(),
}, (t) => [index('agent_status_history_user_at').on(t.userid, t.at)]);

export type Agent = typeof agents.$inferSelect;
