/**
 * @module Schema: the outbox of everything Moonshift sends to WeCom. A row is written (with its
 * deterministic msgid) before the WeCom call, so a retry never duplicates and a crash loses nothing.
 */
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';

/**
 * send_msg: a ready WeCom body; send_template: a template rendered at send time (with the customer's nickname);
 * send_msg_on_event: the welcome answering an enter_session code (20 s); service_state_trans: move the session.
 * (App messages to members go through the duty-manager alert queue and the WeCom sync queue.)
 */
export type OutboxKind = 'send_msg' | 'send_template' | 'send_msg_on_event' | 'service_state_trans';
/** `cancelled`: superseded before it ran (the message was decided again), never sent. */
export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'cancelled';

export const outbox = sqliteTable('outbox', {
  /** Deterministic id (also the send_msg msgid): derived from the cause and the action. */
  msgid: text('msgid').primaryKey(),
  kind: text('kind').$type<OutboxKind>().notNull(),
  conversationId: integer('conversation_id').notNull(),
  causeMsgid: text('cause_msgid'),
  /** The decision that planned it (null for escalation and welcome rows). */
  decisionId: integer('decision_id'),
  /** JSON: the request body for WeCom (without access token). */
  payload: text('payload').notNull(),
  status: text('status').$type<OutboxStatus>().notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  errcode: integer('errcode'),
  errmsg: text('errmsg'),
  nextAttemptAt: integer('next_attempt_at').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
  sentAt: integer('sent_at'),
  /** The msg_code WeCom returned for a service_state_trans row (for the notice that follows it). */
  msgCode: text('msg_code'),
}, (t) => [
  index('outbox_status_due').on(t.status, t.nextAttemptAt),
  // the transfers planned and not yet made (an agent's load, read for every open-hours message)
  index('outbox_status_kind').on(t.status, t.kind),
  // the claim rule's "no older pending row of this conversation" probe
  index('outbox_conversation_order').on(t.conversationId, t.status, t.createdAt),
]);

export type OutboxRow = typeof outbox.$inferSelect;
