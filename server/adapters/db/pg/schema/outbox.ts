/**
 * @module PostgreSQL mirror of server/adapters/db/sqlite/schema/outbox.ts. Schema: the outbox of everything Moonshift sends to WeCom. A row is written (with its
 * deterministic msgid) before the WeCom call, so a retry never duplicates and a crash loses nothing.
 */
import { pgTable, text, bigint, index } from 'drizzle-orm/pg-core';
import type { OutboxKind, OutboxStatus } from '../../sqlite/schema/outbox';

/**
 * send_msg: a ready WeCom body; send_template: a template rendered at send time (with the customer's nickname);
 * send_msg_on_event: the welcome answering an enter_session code (20 s); service_state_trans: move the session.
 * (App messages to members go through the duty-manager alert queue and the WeCom sync queue.)
 */
export const outbox = pgTable('outbox', {
  /** Deterministic id (also the send_msg msgid): derived from the cause and the action. */
  msgid: text('msgid').primaryKey(),
  kind: text('kind').$type<OutboxKind>().notNull(),
  conversationId: bigint('conversation_id', { mode: 'number' }).notNull(),
  causeMsgid: text('cause_msgid'),
  decisionId: bigint('decision_id', { mode: 'number' }),
  /** JSON: the request body for WeCom (without access token). */
  payload: text('payload').notNull(),
  status: text('status').$type<OutboxStatus>().notNull().default('pending'),
  attempts: bigint('attempts', { mode: 'number' }).notNull().default(0),
  errcode: bigint('errcode', { mode: 'number' }),
  errmsg: text('errmsg'),
  nextAttemptAt: bigint('next_attempt_at', { mode: 'number' }).notNull(),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  sentAt: bigint('sent_at', { mode: 'number' }),
  msgCode: text('msg_code'),
}, (t) => [
  index('outbox_status_due').on(t.status, t.nextAttemptAt),
  // the transfers planned and not yet made (an agent's load, read for every open-hours message)
  index('outbox_status_kind').on(t.status, t.kind),
  index('outbox_conversation_order').on(t.conversationId, t.status, t.createdAt),
]);

