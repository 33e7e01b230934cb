/**
 * @module Stores one sync_msg page in ONE transaction: new messages (deduplicated by msgid), conversation
 * counters and session state from events, the replies planned for new customer messages (outbox rows), and
 * the new cursor. Synchronous by design (better-sqlite3); the network happens before and after.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Clock } from '../clock';
import type { Db, Store } from '../db/index';
import { conversations, kfServicers, messages, outbox, servicerSignals, syncCursors } from '../db/schema/index';
import type { Conversation, Message } from '../db/schema/index';
import { ORIGIN, type ServiceState } from '../../shared/domain/vocabulary';
import type { KfMessage } from '../wecom/types';
import { outboxId } from './outbox-id';
import { cancelTimers } from '../timers/arm';
import type { OutboxIntent } from './outbox-intent';

/** Decides, inside the storing transaction, what to do about one new customer message. */
export type Planner = (tx: Store, conversation: Conversation, message: Message) => OutboxIntent[];
/** Decides what to send when a customer opens the chat (enter_session with a welcome_code). */
export type EnterPlanner = (tx: Store, conversation: Conversation, event: KfEvent) => OutboxIntent[];

export interface StoredPage { inserted: number; planned: number; conversations: number[] }

export interface KfEvent {
  event_type?: string;
  welcome_code?: string;
  scene?: string;
  scene_param?: string;
  open_kfid?: string;
  external_userid?: string;
  servicer_userid?: string;
  status?: number;
  stop_type?: number;
  change_type?: number;
  new_servicer_userid?: string;
  fail_msgid?: string;
  fail_type?: number;
}

function ensureConversation(db: Store, openKfid: string, externalUserid: string, now: number): Conversation {
  db.insert(conversations).values({ openKfid, externalUserid, createdAt: now, updatedAt: now })
    .onConflictDoNothing().run();
  return db.select().from(conversations)
    .where(and(eq(conversations.openKfid, openKfid), eq(conversations.externalUserid, externalUserid))).get()!;
}

function bodyOf(m: KfMessage): unknown {
  return m[m.msgtype] ?? {};
}

/** WeCom session_status_change: 1 taken from pool → 3, 2 transferred → 3, 3 ended → 4, 4 re-opened → 3. */
function stateAfterChange(changeType: number | undefined): ServiceState | undefined {
  if (changeType === 3) return 4;
  if (changeType === 1 || changeType === 2 || changeType === 4) return 3;
  return undefined;
}

function applyEvent(db: Store, conv: Conversation | undefined, e: KfEvent, now: number): void {
  switch (e.event_type) {
    case 'servicer_status_change':
      if (e.open_kfid && e.servicer_userid && e.status !== undefined) {
        db.update(kfServicers).set({ wecomStatus: e.status === 1 ? 0 : 1, updatedAt: now })
          .where(and(eq(kfServicers.openKfid, e.open_kfid), eq(kfServicers.userid, e.servicer_userid))).run();
        db.insert(servicerSignals).values({ openKfid: e.open_kfid, userid: e.servicer_userid, status: e.status, stopType: e.stop_type ?? null, at: now }).run();
      }
      return;
    case 'session_status_change': {
      const state = stateAfterChange(e.change_type);
      if (conv && state !== undefined) {
        db.update(conversations).set({ serviceState: state, servicerUserid: e.new_servicer_userid ?? null, updatedAt: now })
          .where(eq(conversations.id, conv.id)).run();
      }
      return;
    }
    case 'msg_send_fail':
      if (e.fail_msgid) {
        db.update(outbox).set({ status: 'failed', errmsg: `msg_send_fail type ${e.fail_type ?? 0}`, updatedAt: now })
          .where(eq(outbox.msgid, e.fail_msgid)).run();
      }
      return;
    default:
  }
}

/** Inserts outbox rows for a cause (ignored if already planned: deterministic ids). Returns rows added. */
export function enqueue(tx: Store, conversationId: number, cause: string, intents: OutboxIntent[], now: number): number {
  let added = 0;
  for (const { key, cause: wider, ...payload } of intents) {
    added += tx.insert(outbox).values({
      msgid: outboxId(wider ?? cause, key), kind: payload.kind, conversationId, causeMsgid: cause,
      payload: JSON.stringify(payload), nextAttemptAt: now, createdAt: now, updatedAt: now,
    }).onConflictDoNothing().run().changes;
  }
  return added;
}

export function storeSyncPage(db: Db, clock: Clock, openKfid: string, page: KfMessage[], nextCursor: string, plan: Planner, onEnter?: EnterPlanner): StoredPage {
  return db.transaction((tx) => {
    const now = clock.now();
    let inserted = 0;
    let planned = 0;
    const touched = new Set<number>();
    for (const m of page) {
      const event = m.msgtype === 'event' ? (m.event as KfEvent | undefined) : undefined;
      const customer = m.external_userid ?? event?.external_userid;
      const conv = customer ? ensureConversation(tx, m.open_kfid || openKfid, customer, now) : undefined;
      if (!conv) {
        if (event) applyEvent(tx, undefined, event, now);
        continue;
      }
      const row = tx.insert(messages).values({
        msgid: m.msgid, conversationId: conv.id, origin: m.origin as Message['origin'], msgtype: m.msgtype,
        content: JSON.stringify(bodyOf(m)), servicerUserid: m.servicer_userid ?? null, sendTime: m.send_time, receivedAt: now,
      }).onConflictDoNothing().returning().get();
      if (!row) continue;
      inserted++;
      touched.add(conv.id);
      if (event) {
        applyEvent(tx, conv, event, now);
        if (event.event_type === 'enter_session' && event.welcome_code && onEnter) planned += enqueue(tx, conv.id, row.msgid, onEnter(tx, conv, event), now);
      } else if (m.origin === ORIGIN.customer) {
        tx.update(conversations).set({
          lastCustomerAt: m.send_time * 1000, unansweredCount: sql`${conversations.unansweredCount} + 1`, updatedAt: now,
        }).where(eq(conversations.id, conv.id)).run();
        const fresh = tx.select().from(conversations).where(eq(conversations.id, conv.id)).get()!;
        planned += enqueue(tx, conv.id, row.msgid, plan(tx, fresh, row), now);
      } else if (m.origin === ORIGIN.agent) {
        tx.update(conversations).set({ lastHumanAt: m.send_time * 1000, unansweredCount: 0, updatedAt: now })
          .where(eq(conversations.id, conv.id)).run();
        cancelTimers(tx, { conversationId: conv.id, now, reason: 'a human replied' });
      }
    }
    tx.insert(syncCursors).values({ openKfid, cursor: nextCursor, updatedAt: now })
      .onConflictDoUpdate({ target: syncCursors.openKfid, set: { cursor: nextCursor, updatedAt: now } }).run();
    return { inserted, planned, conversations: [...touched] };
  });
}
