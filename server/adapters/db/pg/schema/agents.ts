/** @module PostgreSQL mirror of server/adapters/db/sqlite/schema/agents.ts. Schema: agents (WeCom members) with Moonshift's own status, and the history of every change. */
import { pgTable, text, bigint, index } from 'drizzle-orm/pg-core';
import type { AgentStatus, StatusSource } from '../../../../../shared/domain/vocabulary';

export const agents = pgTable('agents', {
  userid: text('userid').primaryKey(),
  name: text('name').notNull(),
  status: text('status').$type<AgentStatus>().notNull().default('offline'),
  statusSource: text('status_source').$type<StatusSource>().notNull().default('system'),
  statusUntil: bigint('status_until', { mode: 'number' }),
  statusChangedAt: bigint('status_changed_at', { mode: 'number' }).notNull(),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
});

export const agentStatusHistory = pgTable('agent_status_history', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  userid: text('userid').notNull().references(() => agents.userid),
  fromStatus: text('from_status').$type<AgentStatus>().notNull(),
  toStatus: text('to_status').$type<AgentStatus>().notNull(),
  source: text('source').$type<StatusSource>().notNull(),
  until: bigint('until', { mode: 'number' }),
  reason: text('reason'),
  at: bigint('at', { mode: 'number' }).notNull(),
}, (t) => [index('agent_status_history_user_at').on(t.userid, t.at)]);

