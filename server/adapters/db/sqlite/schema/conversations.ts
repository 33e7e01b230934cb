/**
 * @module Schema: conversations (one per open_kfid + external_userid) with WeCom session state and the
 * counters the reply logic needs, and every message seen through sync_msg (deduplicated by msgid).
 */
import { sqliteTable, text, integer, real, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { Origin, ServiceState } from '../../../../../shared/domain/vocabulary';

export const conversations = sqliteTable('conversations', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  openKfid: text('open_kfid').notNull(),
  externalUserid: text('external_userid').notNull(),
  /** Moonshift's picture of WeCom's session state (0–4): from events, our own moves and `service_state/get`. */
  serviceState: integer('service_state').$type<ServiceState>().notNull().default(0),
  servicerUserid: text('servicer_userid'),
  /** When the current WeCom session began (the customer's first message of it): it lapses 48 h later. */
  sessionStartedAt: integer('session_started_at'),
  /** When WeCom last confirmed `serviceState` (service_state/get), if ever. */
  stateCheckedAt: integer('state_checked_at'),
  /** WeCom refused a send or move because of the state: ask before trusting `serviceState` again. */
  stateStale: integer('state_stale', { mode: 'boolean' }).notNull().default(false),
  lastCustomerAt: integer('last_customer_at'),
  lastHumanAt: integer('last_human_at'),
  lastBotAt: integer('last_bot_at'),
  unansweredCount: integer('unanswered_count').notNull().default(0),
  /** When the first of the unanswered customer messages was sent (ms); null when none is unanswered. */
  unansweredSince: integer('unanswered_since'),
  /** Auto-replies stay silent until then (repeat flood, "别烦我", admin). */
  mutedUntil: integer('muted_until'),
  /** JSON string[]. */
  tags: text('tags').notNull().default('[]'),
  /** JSON string[]: off-hours stretches (occurrence keys) already notified. */
  noticesSent: text('notices_sent').notNull().default('[]'),
  transferOfferSentAt: integer('transfer_offer_sent_at'),
  /** The customer's dedicated manager (escalation target), if any. */
  dedicatedManager: text('dedicated_manager'),
  mainIntent: text('main_intent'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [
  uniqueIndex('conversations_kf_customer').on(t.openKfid, t.externalUserid),
  // who holds how many sessions (assignment, for every open-hours message), an agent's sessions, the pool
  index('conversations_state_servicer').on(t.serviceState, t.servicerUserid),
]);

export const messages = sqliteTable('messages', {
  msgid: text('msgid').primaryKey(),
  conversationId: integer('conversation_id').notNull().references(() => conversations.id),
  origin: integer('origin').$type<Origin>().notNull(),
  msgtype: text('msgtype').notNull(),
  /** The message body as WeCom sent it (JSON of the msgtype's object). */
  content: text('content').notNull(),
  servicerUserid: text('servicer_userid'),
  /** Classification of customer text messages (null for others). */
  intent: text('intent'),
  intentConfidence: real('intent_confidence'),
  emotion: real('emotion'),
  /** WeCom's send_time, unix seconds. */
  sendTime: integer('send_time').notNull(),
  /** When the sender recalled it (user_recall_msg / servicer_recall_msg); a recalled message is not waiting for an answer. */
  recalledAt: integer('recalled_at'),
  receivedAt: integer('received_at').notNull(),
}, (t) => [index('messages_conversation_time').on(t.conversationId, t.sendTime)]);

export type Conversation = typeof conversations.$inferSelect;
export type Message = typeof messages.$inferSelect;
