/**
 * @module PostgreSQL mirror of server/adapters/db/sqlite/schema/conversations.ts. Schema: conversations (one per open_kfid + external_userid) with WeCom session state and the
 * counters the reply logic needs, and every message seen through sync_msg (deduplicated by msgid).
 */
import { pgTable, text, bigint, boolean, doublePrecision, index, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Origin, ServiceState } from '../../../../../shared/domain/vocabulary';

export const conversations = pgTable('conversations', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  openKfid: text('open_kfid').notNull(),
  externalUserid: text('external_userid').notNull(),
  serviceState: bigint('service_state', { mode: 'number' }).$type<ServiceState>().notNull().default(0),
  servicerUserid: text('servicer_userid'),
  sessionStartedAt: bigint('session_started_at', { mode: 'number' }),
  stateCheckedAt: bigint('state_checked_at', { mode: 'number' }),
  stateStale: boolean('state_stale').notNull().default(false),
  lastCustomerAt: bigint('last_customer_at', { mode: 'number' }),
  lastHumanAt: bigint('last_human_at', { mode: 'number' }),
  lastBotAt: bigint('last_bot_at', { mode: 'number' }),
  unansweredCount: bigint('unanswered_count', { mode: 'number' }).notNull().default(0),
  unansweredSince: bigint('unanswered_since', { mode: 'number' }),
  /** Auto-replies stay silent until then (repeat flood, "别烦我", admin). */
  mutedUntil: bigint('muted_until', { mode: 'number' }),
  /** JSON string[]. */
  tags: text('tags').notNull().default('[]'),
  /** JSON string[]: off-hours stretches (occurrence keys) already notified. */
  noticesSent: text('notices_sent').notNull().default('[]'),
  transferOfferSentAt: bigint('transfer_offer_sent_at', { mode: 'number' }),
  /** The customer's dedicated manager (escalation target), if any. */
  dedicatedManager: text('dedicated_manager'),
  mainIntent: text('main_intent'),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
}, (t) => [
  uniqueIndex('conversations_kf_customer').on(t.openKfid, t.externalUserid),
  // who holds how many sessions (assignment, for every open-hours message), an agent's sessions, the pool
  index('conversations_state_servicer').on(t.serviceState, t.servicerUserid),
]);

export const messages = pgTable('messages', {
  msgid: text('msgid').primaryKey(),
  conversationId: bigint('conversation_id', { mode: 'number' }).notNull().references(() => conversations.id),
  origin: bigint('origin', { mode: 'number' }).$type<Origin>().notNull(),
  msgtype: text('msgtype').notNull(),
  /** The message body as WeCom sent it (JSON of the msgtype's object). */
  content: text('content').notNull(),
  servicerUserid: text('servicer_userid'),
  /** Classification of customer text messages (null for others). */
  intent: text('intent'),
  intentConfidence: doublePrecision('intent_confidence'),
  emotion: doublePrecision('emotion'),
  /** WeCom's send_time, unix seconds. */
  sendTime: bigint('send_time', { mode: 'number' }).notNull(),
  recalledAt: bigint('recalled_at', { mode: 'number' }),
  receivedAt: bigint('received_at', { mode: 'number' }).notNull(),
}, (t) => [index('messages_conversation_time').on(t.conversationId, t.sendTime)]);

