/**
 * @module Schema for the customer-facing pages: unguessable profile-wall slugs (with the member's own
 * contact code), the WeCom sync queue (coalesced per target) with its attempt log, and appointments.
 */
import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { AppointmentStatus } from '../../../../../shared/domain/appointment';

export type WallKind = 'agent' | 'group';

/** One public wall per agent or duty group; the slug is random, never the userid. */
export const profileWalls = sqliteTable('profile_walls', {
  slug: text('slug').primaryKey(),
  kind: text('kind').$type<WallKind>().notNull(),
  target: text('target').notNull(),
  /** The member's own 「联系我」code (type 1), created on first render of an agent wall. */
  configId: text('config_id'),
  qrCode: text('qr_code'),
  createdAt: integer('created_at').notNull(),
}, (t) => [uniqueIndex('profile_walls_target').on(t.kind, t.target)]);

export type SyncJobKind = 'user_profile' | 'duty_contact_way' | 'app_message';
export type SyncJobStatus = 'pending' | 'running' | 'sent' | 'unchanged' | 'failed';

/**
 * One row per sync target (`user:<userid>`, `contact_way:duty`, `appmsg:<id>`): a new request on a pending
 * target is coalesced into it; the request body is built from the state at execution time.
 */
export const wecomSyncJobs = sqliteTable('wecom_sync_jobs', {
  target: text('target').primaryKey(),
  kind: text('kind').$type<SyncJobKind>().notNull(),
  /** JSON payload for jobs that carry their own content (app messages); null for state-derived ones. */
  payload: text('payload'),
  status: text('status').$type<SyncJobStatus>().notNull(),
  /** Requests coalesced into the current pending run. */
  requests: integer('requests').notNull().default(0),
  attempts: integer('attempts').notNull().default(0),
  firstRequestedAt: integer('first_requested_at').notNull(),
  lastRequestedAt: integer('last_requested_at').notNull(),
  /** JSON of the last request body sent to WeCom. */
  lastRequest: text('last_request'),
  /** JSON of the last request WeCom accepted (to skip no-op calls). */
  lastSent: text('last_sent'),
  errcode: integer('errcode'),
  errmsg: text('errmsg'),
  sentAt: integer('sent_at'),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [index('wecom_sync_jobs_status').on(t.status)]);

export const wecomSyncAttempts = sqliteTable('wecom_sync_attempts', {
  id: integer('id').primaryKey(),
  target: text('target').notNull(),
  api: text('api').notNull(),
  at: integer('at').notNull(),
  errcode: integer('errcode').notNull(),
  errmsg: text('errmsg'),
  /** How many requests this call stood for. */
  coalesced: integer('coalesced').notNull(),
  request: text('request').notNull(),
}, (t) => [index('wecom_sync_attempts_at').on(t.at)]);

export const appointments = sqliteTable('appointments', {
  id: text('id').primaryKey(),
  conversationId: integer('conversation_id').notNull(),
  externalUserid: text('external_userid').notNull(),
  customerName: text('customer_name').notNull(),
  mobile: text('mobile').notNull(),
  slotStart: integer('slot_start').notNull(),
  slotEnd: integer('slot_end').notNull(),
  /** 1..capacity while active; null once cancelled (frees the place). */
  place: integer('place'),
  question: text('question').notNull(),
  status: text('status').$type<AppointmentStatus>().notNull(),
  agentUserid: text('agent_userid'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [
  // The database itself refuses a place booked twice and a second active appointment per conversation.
  uniqueIndex('appointments_slot_place').on(t.slotStart, t.place).where(sql`place is not null`),
  uniqueIndex('appointments_active_conversation').on(t.conversationId).where(sql`status in ('booked','rescheduled')`),
  index('appointments_customer').on(t.externalUserid, t.slotStart),
  index('appointments_agent').on(t.agentUserid, t.slotStart),
]);

export type ProfileWall = typeof profileWalls.$inferSelect;
export type WecomSyncJob = typeof wecomSyncJobs.$inferSelect;
export type AppointmentRow = typeof appointments.$inferSelect;
