/**
 * @module What a kf system event (origin 4) changes, inside the storing transaction: WeCom's 接待中 signal,
 * the session state WeCom reports (unless a fresher `service_state/get` answer is already applied), failed
 * deliveries, and recalls — a recalled customer message no longer waits for an answer.
 */
import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import type { Conversation } from '../../adapters/db/sqlite/schema/index';
import type { Tx } from '../ports/unit-of-work';
import { first } from '../ports/queries';
import { ORIGIN, type ServiceState } from '../../../shared/domain/vocabulary';
import { recordServicerStatusIn } from '../duty/receivers';
import { cancelTimersIn } from '../timers/arm';

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
export async function recountUnanswered(tx: Tx, conv: Conversation, now: number): Promise<void> {
  const { messages, conversations } = tx.t;
  const since = conv.lastHumanAt == null ? undefined : gt(messages.sendTime, Math.floor(conv.lastHumanAt / 1000));
  const waiting = await tx.db.select({ t: messages.sendTime }).from(messages)
    .where(and(eq(messages.conversationId, conv.id), eq(messages.origin, ORIGIN.customer), isNull(messages.recalledAt), since))
    .orderBy(asc(messages.sendTime));
  await tx.db.update(conversations).set({
    unansweredCount: waiting.length, unansweredSince: waiting[0] ? waiting[0].t * 1000 : null, updatedAt: now,
  }).where(eq(conversations.id, conv.id));
  if (waiting.length === 0) await cancelTimersIn(tx, { conversationId: conv.id, now, reason: 'nothing left unanswered (recalled)' });
}

/**
 * `stateFresh`: a service_state/get answer newer than this page was applied; the page's state events are older.
 */
export async function applyEvent(tx: Tx, conv: Conversation | undefined, e: KfEvent, now: number, stateFresh = false): Promise<void> {
  const { conversations, messages, outbox, servicerSignals } = tx.t;
  switch (e.event_type) {
    case 'servicer_status_change':
      if (e.open_kfid && e.servicer_userid && e.status !== undefined) {
        await recordServicerStatusIn(tx, e.open_kfid, e.servicer_userid, e.status === 1, now);
        await tx.db.insert(servicerSignals).values({ openKfid: e.open_kfid, userid: e.servicer_userid, status: e.status, stopType: e.stop_type ?? null, at: now });
      }
      return;
    case 'session_status_change': {
      const state = stateAfterChange(e.change_type);
      if (conv && state !== undefined && !stateFresh) {
        await tx.db.update(conversations).set({ serviceState: state, servicerUserid: e.new_servicer_userid || null, stateStale: false, updatedAt: now })
          .where(eq(conversations.id, conv.id));
      }
      return;
    }
    case 'msg_send_fail':
      if (e.fail_msgid) {
        await tx.db.update(outbox).set({ status: 'failed', errmsg: `msg_send_fail type ${e.fail_type ?? 0}`, updatedAt: now })
          .where(eq(outbox.msgid, e.fail_msgid));
      }
      return;
    case 'user_recall_msg':
    case 'servicer_recall_msg':
      if (e.recall_msgid) {
        const recalled = await tx.db.update(messages).set({ recalledAt: now }).where(eq(messages.msgid, e.recall_msgid)).returning({ msgid: messages.msgid });
        const fresh = conv && await first(tx.db.select().from(conversations).where(eq(conversations.id, conv.id)).limit(1));
        if (recalled.length > 0 && fresh && e.event_type === 'user_recall_msg') await recountUnanswered(tx, fresh, now);
      }
      return;
    default:
  }
}
