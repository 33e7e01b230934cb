/**
 * @module Schema: duty groups (rotation schedule, A post = primary, B post = backup, manager), channels
 * (main 客服 link / backup group code), the relay queue (durable, executed after commit), manager alerts
 * (queued, rate limited, coalesced) and the diagnostics of every relay and escalation.
 */
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Rotation: `{kind:'weekdays', days:[1..7]}` or `{kind:'weekly', anchor:'YYYY-MM-DD', every:N, slot:k}` (JSON). */
export const dutyGroups = sqliteTable('duty_groups', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  /** Lower = preferred when several groups are on duty. */
  position: integer('position').notNull().default(0),
  rotation: text('rotation').notNull(),
  primaryUserid: text('primary_userid'),
  backupUserid: text('backup_userid'),
  managerUserid: text('manager_userid'),
  /** Optional phone for SMS alerts (E.164, e.g. +8613800000000). */
  managerPhone: text('manager_phone'),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

export type ChannelRole = 'main' | 'backup';

export const dutyChannels = sqliteTable('duty_channels', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  role: text('role').$type<ChannelRole>().notNull(),
  name: text('name').notNull(),
  /** `kf_link` (微信客服 contact way) or `contact_way` (「联系我」 group/department code). */
  type: text('type').notNull(),
  url: text('url'),
  /** The channel's QR image (e.g. the 部门群活码): the profile wall's night QR while the route is on this channel. */
  qrUrl: text('qr_url'),
  configId: text('config_id'),
  groupId: integer('group_id'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

export type RelayJobStatus = 'pending' | 'done' | 'failed';

/** One conversation to move; written before any WeCom call, executed by the relay worker. */
export const relayJobs = sqliteTable('relay_jobs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  key: text('key').notNull(),
  conversationId: integer('conversation_id').notNull(),
  fromUserid: text('from_userid'),
  reason: text('reason').notNull(),
  /** JSON string[]: candidates in order; after them comes the pool (state 2). */
  candidates: text('candidates').notNull(),
  /** Index of the candidate to try next (= candidates.length → pool). */
  nextIndex: integer('next_index').notNull().default(0),
  attempts: integer('attempts').notNull().default(0),
  status: text('status').$type<RelayJobStatus>().notNull().default('pending'),
  toUserid: text('to_userid'),
  night: integer('night', { mode: 'boolean' }).notNull().default(false),
  nextAttemptAt: integer('next_attempt_at').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [uniqueIndex('relay_jobs_key').on(t.key), index('relay_jobs_status').on(t.status, t.nextAttemptAt)]);

export type AlertStatus = 'pending' | 'sent' | 'coalesced' | 'failed';

export const managerAlerts = sqliteTable('manager_alerts', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** Dedupe: conversation + escalation stage + calendar window occurrence (each stage alerts once per window). */
  key: text('key').notNull(),
  touser: text('touser').notNull(),
  conversationId: integer('conversation_id'),
  title: text('title').notNull(),
  description: text('description').notNull(),
  url: text('url').notNull(),
  /** The SMS template's parameters (nickname, last message, waited, on duty, deep link), JSON; null for none. */
  sms: text('sms'),
  status: text('status').$type<AlertStatus>().notNull().default('pending'),
  /** The alert whose card carried this one (when coalesced). */
  coalescedInto: integer('coalesced_into'),
  errcode: integer('errcode'),
  attempts: integer('attempts').notNull().default(0),
  createdAt: integer('created_at').notNull(),
  sentAt: integer('sent_at'),
}, (t) => [uniqueIndex('manager_alerts_key').on(t.key), index('manager_alerts_user_status').on(t.touser, t.status, t.sentAt)]);

export type DiagnosticKind = 'relay' | 'escalation' | 'alert' | 'timer';

export const relayDiagnostics = sqliteTable('relay_diagnostics', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  at: integer('at').notNull(),
  kind: text('kind').$type<DiagnosticKind>().notNull(),
  conversationId: integer('conversation_id'),
  /** Who: the agent it moved from / the timer kind. */
  actor: text('actor'),
  target: text('target'),
  /** Why. */
  reason: text('reason').notNull(),
  /** WeCom result: 0 ok, errcode, or null when no call was made. */
  errcode: integer('errcode'),
  result: text('result').notNull(),
  /** Happened outside open hours (night hand-over). */
  night: integer('night', { mode: 'boolean' }).notNull().default(false),
  detail: text('detail'),
}, (t) => [index('relay_diagnostics_order').on(t.night, t.at)]);

export type DutyGroup = typeof dutyGroups.$inferSelect;
export type DutyChannel = typeof dutyChannels.$inferSelect;
export type RelayJob = typeof relayJobs.$inferSelect;
export type ManagerAlert = typeof managerAlerts.$inferSelect;
export type RelayDiagnostic = typeof relayDiagnostics.$inferSelect;
