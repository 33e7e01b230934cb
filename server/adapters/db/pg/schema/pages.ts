/**
 * @module PostgreSQL mirror of server/adapters/db/sqlite/schema/pages.ts. Schema for the customer-facing pages: unguessable profile-wall slugs (with the member's own
 * contact code), the WeCom sync queue (coalesced per target) with its attempt log, and appointments.
 */
import { sql } from 'drizzle-orm';
import { pgTable, text, bigint, index, uniqueIndex } from 'drizzle-orm/pg-core';
import type { WallKind, SyncJobKind, SyncJobStatus } from '../../sqlite/schema/pages';
import type { AppointmentStatus } from '../../../../../shared/domain/appointment';

/** One public wall per agent or duty group; the slug is random, never the userid. */
export const profileWalls = pgTable('profile_walls', {
  slug: text('slug').primaryKey(),
  kind: text('kind').$type<WallKind>().notNull(),
  target: text('target').notNull(),
  /** The member's own 「联系我」code (type 1), created on first render of an agent wall. */
  configId: text('config_id'),
  qrCode: text('qr_code'),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
}, (t) => [uniqueIndex('profile_walls_target').on(t.kind, t.target)]);

/**
 * One row per sync target (`user:<userid>`, `contact_way:duty`, `appmsg:<id>`): a new request on a pending
 * target is coalesced into it; the request body is built from the state at execution time.
 */
export const wecomSyncJobs = pgTable('wecom_sync_jobs', {
  target: text('target').primaryKey(),
  kind: text('kind').$type<SyncJobKind>().notNull(),
  /** JSON payload for jobs that carry their own content (app messages); null for state-derived ones. */
  payload: text('payload'),
  status: text('status').$type<SyncJobStatus>().notNull(),
  /** Requests coalesced into the current pending run. */
  requests: bigint('requests', { mode: 'number' }).notNull().default(0),
  attempts: bigint('attempts', { mode: 'number' }).notNull().default(0),
  firstRequestedAt: bigint('first_requested_at', { mode: 'number' }).notNull(),
  lastRequestedAt: bigint('last_requested_at', { mode: 'number' }).notNull(),
  /** JSON of the last request body sent to WeCom. */
  lastRequest: text('last_request'),
  /** JSON of the last request WeCom accepted (to skip no-op calls). */
  lastSent: text('last_sent'),
  errcode: bigint('errcode', { mode: 'number' }),
  errmsg: text('errmsg'),
  sentAt: bigint('sent_at', { mode: 'number' }),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
}, (t) => [index('wecom_sync_jobs_status').on(t.status)]);

export const wecomSyncAttempts = pgTable('wecom_sync_attempts', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  target: text('target').notNull(),
  api: text('api').notNull(),
  at: bigint('at', { mode: 'number' }).notNull(),
  errcode: bigint('errcode', { mode: 'number' }).notNull(),
  errmsg: text('errmsg'),
  /** How many requests this call stood for. */
  coalesced: bigint('coalesced', { mode: 'number' }).notNull(),
  request: text('request').notNull(),
}, (t) => [index('wecom_sync_attempts_at').on(t.at)]);

export const appointments = pgTable('appointments', {
  id: text('id').primaryKey(),
  conversationId: bigint('conversation_id', { mode: 'number' }).notNull(),
  externalUserid: text('external_userid').notNull(),
  customerName: text('customer_name').notNull(),
  mobile: text('mobile').notNull(),
  slotStart: bigint('slot_start', { mode: 'number' }).notNull(),
  slotEnd: bigint('slot_end', { mode: 'number' }).notNull(),
  /** 1..capacity while active; null once cancelled (frees the place). */
  place: bigint('place', { mode: 'number' }),
  question: text('question').notNull(),
  status: text('status').$type<AppointmentStatus>().notNull(),
  agentUserid: text('agent_userid'),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
}, (t) => [
  // The database itself refuses a place booked twice and a second active appointment per conversation.
  uniqueIndex('appointments_slot_place').on(t.slotStart, t.place).where(sql`place is not null`),
  uniqueIndex('appointments_active_conversation').on(t.conversationId).where(sql`status in ('booked','rescheduled')`),
  index('appointments_customer').on(t.externalUserid, t.slotStart),
  index('appointments_agent').on(t.agentUserid, t.slotStart),
]);

