/**
 * @module The outbox's claim rule, in one place (it is the rule a job queue takes over later):
 *
 *   a row may run now  ⇔  it is `pending`, it is due (`next_attempt_at ≤ now`), and no OLDER row of the same
 *   conversation is `pending` (waiting to run or deferred for a retry).
 *
 * "Older" is creation order: (`created_at`, insertion order). A row that failed for good, was sent or was
 * cancelled no longer holds back the rows after it. So one conversation's rows run strictly one after
 * another — a reply retried after a 45009 still goes out before the hand-over planned after it — while
 * different conversations run side by side: each pass claims at most one row (the head) per conversation.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/index';
import type { OutboxRow } from '../db/schema/index';

/** Columns as drizzle maps them (`select *` through better-sqlite3 gives snake_case). */
const COLUMNS = `msgid, kind, conversation_id as conversationId, cause_msgid as causeMsgid, decision_id as decisionId,
  payload, status, attempts, errcode, errmsg, next_attempt_at as nextAttemptAt, created_at as createdAt,
  updated_at as updatedAt, sent_at as sentAt, msg_code as msgCode`;

/** The head of a conversation: a pending row with no older pending row of the same conversation. */
const IS_HEAD = `o.status = 'pending' and not exists (select 1 from outbox older
  where older.conversation_id = o.conversation_id and older.status = 'pending'
    and (older.created_at < o.created_at or (older.created_at = o.created_at and older.rowid < o.rowid)))`;

const HEADS = `select ${COLUMNS} from outbox o where ${IS_HEAD} and o.next_attempt_at <= ? order by o.created_at, o.rowid limit ?`;
const NEXT_HEAD_DUE = `select min(o.next_attempt_at) as at from outbox o where ${IS_HEAD} and o.next_attempt_at > ?`;

/** Without the ordering rule (test switch only): every due row, conversations' rows in creation order. */
const ANY_DUE = `select ${COLUMNS} from outbox o where o.status = 'pending' and o.next_attempt_at <= ?
  order by o.created_at, o.rowid limit ?`;
const NEXT_DUE = `select min(o.next_attempt_at) as at from outbox o where o.status = 'pending' and o.next_attempt_at > ?`;

export class OutboxClaim {
  private readonly rows: Statement<[number, number], OutboxRow>;
  private readonly next: Statement<[number], { at: number | null }>;

  constructor(db: Db, private readonly ordered = true) {
    this.rows = db.$client.prepare(ordered ? HEADS : ANY_DUE);
    this.next = db.$client.prepare(ordered ? NEXT_HEAD_DUE : NEXT_DUE);
  }

  /** Rows that may run at `now`: the due head of each conversation, oldest first. */
  runnable(now: number, limit: number): OutboxRow[] {
    return this.rows.all(now, limit);
  }

  /** When the next row becomes runnable, strictly after `after` (null when none). */
  nextDueAfter(after: number): number | null {
    return this.next.get(after)?.at ?? null;
  }
}
