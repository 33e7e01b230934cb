/**
 * @module What a kf system event (origin 4) changes, inside the storing transaction: WeCom's 接待中 signal,
 * the session state WeCom reports (unless a fresher `service_state/get` answer is already applied), failed
 * deliveries, and recalls — a recalled customer message no longer waits for an answer.
 */
import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import type { Store } from '../db/index';
import { conversations, messages, outbox, servicerSignals, type Conversation } from '../db/schema/index';
import { ORIGIN, type ServiceState } from '../../shared/domain/vocabulary';
import { recordServicerStatus } from '../duty/receivers';
import { cancelTimers } from '../timers/arm';

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
  recall_msgid?: string;
}

/** WeCom session_status_change: 1 taken from pool → 3, 2 transferred → 3, 3 ended → 4, 4 re-opened → 3. */
function stateAfterChange(changeType: number | undefined): ServiceState | undefined {
  if (changeType === 3) return 4;
  if (changeType === 1 || changeType === 2 || changeType === 4) return 3;
  return undefined;
}

/**
 * Recomputes a conversation's unanswered run from its stored customer messages (recalled ones left out):
 * the messages after the last human reply.
 */
export function recountUnanswered(db: Store, conv: Conversation, now: number): void {
  const since = conv.lastHumanAt == null ? undefined : gt(messages.sendTime, Math.floor(conv.lastHumanAt / 1000));
  const waiting = db.select({ t: messages.sendTime }).from(messages)
    .where(and(eq(messages.conversationId, conv.id), eq(messages.origin, ORIGIN.customer), isNull(messages.recalledAt), since))
    .orderBy(asc(messages.sendTime)).all();
  db.update(conversations).set({
    unansweredCount: waiting.length, unansweredSince: waiting[0] ? waiting[0].t * 1000 : null, updatedAt: now,
  }).where(eq(conversations.id, conv.id)).run();
  if (waiting.length === 0) cancelTimers(db, { conversationId: conv.id, now, reason: 'nothing left unanswered (recalled)' });
}

/** `stateFresh`: a service_state/get answer newer than this page was applied; the page's state events are older. */
export function applyEvent(db: Store, conv: Conversation | undefined, e: KfEvent, now: number, stateFresh = false): void {
  switch (e.event_type) {
    case 'servicer_status_change':
      if (e.open_kfid && e.servicer_userid && e.status !== undefined) {
        recordServicerStatus(db, e.open_kfid, e.servicer_userid, e.status === 1, now);
        db.insert(servicerSignals).values({ openKfid: e.open_kfid, userid: e.servicer_userid, status: e.status, stopType: e.stop_type ?? null, at: now }).run();
      }
      return;
    case 'session_status_change': {
      const state = stateAfterChange(e.change_type);
      if (conv && state !== undefined && !stateFresh) {
        db.update(conversations).set({ serviceState: state, servicerUserid: e.new_servicer_userid || null, stateStale: false, updatedAt: now })
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
    case 'user_recall_msg':
    case 'servicer_recall_msg':
      if (e.recall_msgid) {
        const recalled = db.update(messages).set({ recalledAt: now }).where(eq(messages.msgid, e.recall_msgid)).run().changes;
        const fresh = conv && db.select().from(conversations).where(eq(conversations.id, conv.id)).get();
        if (recalled > 0 && fresh && e.event_type === 'user_recall_msg') recountUnanswered(db, fresh, now);
      }
      return;
    default:
  }
}
