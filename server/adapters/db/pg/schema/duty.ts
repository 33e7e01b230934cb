/**
 * @module PostgreSQL mirror of server/adapters/db/sqlite/schema/duty.ts. Schema: duty groups (rotation schedule, A post = primary, B post = backup, manager), channels
 * (main 客服 link / backup group code), the relay queue (durable, executed after commit), manager alerts
 * (queued, rate limited, coalesced) and the diagnostics of every relay and escalation.
 */
import { pgTable, text, bigint, boolean, index, uniqueIndex } from 'drizzle-orm/pg-core';
import type { ChannelRole, RelayJobStatus, AlertStatus, DiagnosticKind } from '../../sqlite/schema/duty';

/** Rotation: `{kind:'weekdays', days:[1..7]}` or `{kind:'weekly', anchor:'YYYY-MM-DD', every:N, slot:k}` (JSON). */
export const dutyGroups = pgTable('duty_groups', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  name: text('name').notNull(),
  /** Lower = preferred when several groups are on duty. */
  position: bigint('position', { mode: 'number' }).notNull().default(0),
  rotation: text('rotation').notNull(),
  primaryUserid: text('primary_userid'),
  backupUserid: text('backup_userid'),
  managerUserid: text('manager_userid'),
  /** Optional phone for SMS alerts (E.164, e.g. +8613800000000). */
  managerPhone: text('manager_phone'),
  enabled: boolean('enabled').notNull().default(true),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
});

export const dutyChannels = pgTable('duty_channels', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  role: text('role').$type<ChannelRole>().notNull(),
  name: text('name').notNull(),
  /** `kf_link` (微信客服 contact way) or `contact_way` (「联系我」 group/department code). */
  type: text('type').notNull(),
  url: text('url'),
  /** The channel's QR image (e.g. the 部门群活码): the profile wall's night QR while the route is on this channel. */
  qrUrl: text('qr_url'),
  configId: text('config_id'),
  groupId: bigint('group_id', { mode: 'number' }),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
});

/** One conversation to move; written before any WeCom call, executed by the relay worker. */
export const relayJobs = pgTable('relay_jobs', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  key: text('key').notNull(),
  conversationId: bigint('conversation_id', { mode: 'number' }).notNull(),
  fromUserid: text('from_userid'),
  reason: text('reason').notNull(),
  /** JSON string[]: candidates in order; after them comes the pool (state 2). */
  candidates: text('candidates').notNull(),
  /** Index of the candidate to try next (= candidates.length → pool). */
  nextIndex: bigint('next_index', { mode: 'number' }).notNull().default(0),
  attempts: bigint('attempts', { mode: 'number' }).notNull().default(0),
  status: text('status').$type<RelayJobStatus>().notNull().default('pending'),
  toUserid: text('to_userid'),
  night: boolean('night').notNull().default(false),
  nextAttemptAt: bigint('next_attempt_at', { mode: 'number' }).notNull(),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
}, (t) => [uniqueIndex('relay_jobs_key').on(t.key), index('relay_jobs_status').on(t.status, t.nextAttemptAt)]);

export const managerAlerts = pgTable('manager_alerts', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  /** Dedupe: conversation + escalation stage + calendar window occurrence (each stage alerts once per window). */
  key: text('key').notNull(),
  touser: text('touser').notNull(),
  conversationId: bigint('conversation_id', { mode: 'number' }),
  title: text('title').notNull(),
  description: text('description').notNull(),
  url: text('url').notNull(),
  /** The SMS template's parameters (nickname, last message, waited, on duty, deep link), JSON; null for none. */
  sms: text('sms'),
  status: text('status').$type<AlertStatus>().notNull().default('pending'),
  /** The alert whose card carried this one (when coalesced). */
  coalescedInto: bigint('coalesced_into', { mode: 'number' }),
  errcode: bigint('errcode', { mode: 'number' }),
  attempts: bigint('attempts', { mode: 'number' }).notNull().default(0),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  sentAt: bigint('sent_at', { mode: 'number' }),
}, (t) => [uniqueIndex('manager_alerts_key').on(t.key), index('manager_alerts_user_status').on(t.touser, t.status, t.sentAt)]);

export const relayDiagnostics = pgTable('relay_diagnostics', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  at: bigint('at', { mode: 'number' }).notNull(),
  kind: text('kind').$type<DiagnosticKind>().notNull(),
  conversationId: bigint('conversation_id', { mode: 'number' }),
  /** Who: the agent it moved from / the timer kind. */
  actor: text('actor'),
  target: text('target'),
  /** Why. */
  reason: text('reason').notNull(),
  /** WeCom result: 0 ok, errcode, or null when no call was made. */
  errcode: bigint('errcode', { mode: 'number' }),
  result: text('result').notNull(),
  /** Happened outside open hours (night hand-over). */
  night: boolean('night').notNull().default(false),
  detail: text('detail'),
}, (t) => [index('relay_diagnostics_order').on(t.night, t.at)]);

