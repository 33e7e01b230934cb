/**
 * @module Stores one sync_msg page in ONE transaction: new messages (deduplicated by msgid), conversation
 * counters and session state (fresh `service_state/get` answers fetched before the transaction, events,
 * WeCom's documented session rules), the replies planned for new customer messages (outbox rows), and the
 * new cursor, in one unit of work (`d.shared.uow`); the network happens before and after.
 */
import { eq, sql, type Placeholder } from 'drizzle-orm';
import type { Clock } from '../../app/clock';
import type { Conversation, Message } from '../../adapters/db/sqlite/schema/index';
import { ORIGIN } from '../../../shared/domain/vocabulary';
import { isProbeText } from '../../../shared/engine/index';
import type { KfMessage } from '../../channels/wecom-kf/types';
import { outboxId } from './outbox-id';
import { insertOutboxRowIn } from './outbox-job';
import type { Tx, UnitOfWork } from '../ports/unit-of-work';
import { first, type Queries, type Tables } from '../ports/queries';
import { reusableQuery } from '../ports/reusable-query';
import { cancelTimersIn } from '../timers/arm';
import type { OutboxIntent } from './outbox-intent';
import { applyEvent, type KfEvent } from './store-events';
import { opensNewSession, type FreshState } from './session-state';
import { stages } from './stages';

export type { KfEvent } from './store-events';

/** A customer message's classification, and how long making it took (ms: the probe's report shows it). */
export interface Classification { intent: string; confidence: number; emotion: number; ms: number }

/**
 * Decides, inside the storing transaction, what to do about one new customer message — given its classification
 * when the store made it with `classify`, else classifying on its own.
 */
export type Planner = ((tx: Tx, conversation: Conversation, message: Message, classified?: Classification) => Promise<OutboxIntent[]>) & {
  /**
   * Classifies a customer message before the store writes its row, so the row is inserted with the result: one
   * statement where an insert and an update were two. (A message already stored, seen again, is classified in vain.)
   */
  classify?: (tx: Tx, openKfid: string, message: Pick<Message, 'msgtype' | 'content'>) => Promise<Classification>;
};
/** Decides what to send when a customer opens the chat (enter_session with a welcome_code). */
export type EnterPlanner = (tx: Tx, conversation: Conversation, event: KfEvent) => Promise<OutboxIntent[]>;

/** What one call stored: `consumed` messages of the page given (all of them unless the time budget ran out). */
export interface StoredPage { inserted: number; planned: number; conversations: number[]; consumed: number }

export interface StoreOptions {
  plan: Planner;
  onEnter?: EnterPlanner;
  /** Fresh session states (`open_kfid\0external_userid` → state) fetched before this transaction. */
  fresh?: Map<string, FreshState>;
  /** Apply WeCom's documented session rules (a message after an end or the 48 h lapse opens state 0). */
  sessionRules?: boolean;
  /**
   * Conversations whose fresh state was applied already, shared by the transactions that store one page in parts
   * (the page's older state events must not undo it, and the answer is applied once). Default: this call's own.
   */
  freshApplied?: Set<number>;
  /**
   * Stop after the message at which the transaction has run this long (ms): the rest of the page is for the next
   * call, and the cursor is moved only by the call that stores the page's last message. Default: no limit.
   */
  budgetMs?: number;
  /**
   * More writes for the transaction that stores the page's last message, after the cursor moved (the pull's own
   * bookkeeping: one commit fewer per pull). Not run when the budget leaves part of the page for the next call.
   */
  atEnd?: (tx: Tx) => Promise<void>;
}

/* The queries run for every stored message (reusable: built once, see core/ports/reusable-query.ts). */
/*
 * The customer's conversation, made on their first message: one statement either way (a returning customer's row comes
 * back through a no-op update — written anyway by the message's own bookkeeping in the same transaction).
 */
const ensureConversationRow = reusableQuery('store_ensure_conversation', ['openKfid', 'externalUserid', 'now'], ({ db, t: { conversations: c } }, p) =>
  db.insert(c).values({ openKfid: p.openKfid, externalUserid: p.externalUserid, createdAt: p.now, updatedAt: p.now })
    .onConflictDoUpdate({ target: [c.openKfid, c.externalUserid], set: { externalUserid: sql`excluded.external_userid` } }).returning());
const conversationById = reusableQuery('store_conversation_by_id', ['id'], ({ db, t }, p) =>
  db.select().from(t.conversations).where(eq(t.conversations.id, p.id)).limit(1));
const insertMessage = reusableQuery('store_insert_message',
  ['msgid', 'conversationId', 'origin', 'msgtype', 'content', 'servicerUserid', 'sendTime', 'receivedAt', 'intent', 'confidence', 'emotion'], ({ db, t }, p) =>
    db.insert(t.messages).values({
      msgid: p.msgid, conversationId: p.conversationId, origin: p.origin, msgtype: p.msgtype, content: p.content,
      servicerUserid: p.servicerUserid, sendTime: p.sendTime, receivedAt: p.receivedAt,
      intent: p.intent, intentConfidence: p.confidence, emotion: p.emotion,
    }).onConflictDoNothing().returning());
/*
 * A customer message's bookkeeping on its conversation (waiting since, count), with what it does to the session in the
 * same statement: nothing, a new session by WeCom's documented rules, or WeCom's fresh answer (`sessionPatch`).
 */
type ConversationSet = Parameters<ReturnType<Queries['db']['update']>['set']>[0];
const counting = (t: Tables, p: Record<'at' | 'now', Placeholder>): ConversationSet => ({
  lastCustomerAt: sql`${p.at}`, unansweredCount: sql`${t.conversations.unansweredCount} + 1`,
  unansweredSince: sql`coalesce(${t.conversations.unansweredSince}, ${p.at})`, updatedAt: sql`${p.now}`,
});
const openingByRules = (p: Record<'at' | 'now', Placeholder>): ConversationSet =>
  ({ serviceState: 0, servicerUserid: null, sessionStartedAt: sql`${p.at}`, stateStale: false, updatedAt: sql`${p.now}` });
const FRESH = ['state', 'servicer', 'checkedAt', 'sessionStartedAt'] as const;
const freshState = (p: Record<(typeof FRESH)[number] | 'now', Placeholder>): ConversationSet => ({
  serviceState: sql`${p.state}`, servicerUserid: sql`${p.servicer}`, stateCheckedAt: sql`${p.checkedAt}`, stateStale: false,
  sessionStartedAt: sql`${p.sessionStartedAt}`, updatedAt: sql`${p.now}`,
});
const countCustomerMessage = reusableQuery('store_count_customer_message', ['id', 'at', 'now'], ({ db, t }, p) =>
  db.update(t.conversations).set(counting(t, p)).where(eq(t.conversations.id, p.id)).returning());
const countOpeningByRules = reusableQuery('store_count_opening_by_rules', ['id', 'at', 'now'], ({ db, t }, p) =>
  db.update(t.conversations).set({ ...counting(t, p), ...openingByRules(p) }).where(eq(t.conversations.id, p.id)).returning());
const countWithFreshState = reusableQuery('store_count_with_fresh_state', ['id', 'at', 'now', ...FRESH], ({ db, t }, p) =>
  db.update(t.conversations).set({ ...counting(t, p), ...freshState(p) }).where(eq(t.conversations.id, p.id)).returning());
/* The same session changes for a message that is not counted (a probe). */
const openSessionByRules = reusableQuery('store_open_session_by_rules', ['id', 'at', 'now'], ({ db, t }, p) =>
  db.update(t.conversations).set(openingByRules(p)).where(eq(t.conversations.id, p.id)));
const applyFreshState = reusableQuery('store_apply_fresh_state', ['id', 'now', ...FRESH], ({ db, t }, p) =>
  db.update(t.conversations).set(freshState(p)).where(eq(t.conversations.id, p.id)));
const moveCursorRow = reusableQuery('store_move_cursor', ['openKfid', 'cursor', 'now'], ({ db, t: { syncCursors } }, p) =>
  db.insert(syncCursors).values({ openKfid: p.openKfid, cursor: p.cursor, updatedAt: p.now })
    .onConflictDoUpdate({ target: syncCursors.openKfid, set: { cursor: sql`excluded.cursor`, updatedAt: sql`excluded.updated_at` } }));

async function ensureConversation(tx: Tx, openKfid: string, externalUserid: string, now: number): Promise<Conversation> {
  return (await first(ensureConversationRow(tx, { openKfid, externalUserid, now })))!;
}

function bodyOf(m: KfMessage): unknown {
  return m[m.msgtype] ?? {};
}

/**
 * Inserts outbox rows for a cause, in the given order (ignored if already planned: deterministic ids). A notice's
 * `codeFrom` names the key of a transfer planned in the same call; it is stored as that row's id. Returns rows added.
 */
export async function enqueueIn(tx: Tx, conversationId: number, cause: string, intents: OutboxIntent[], now: number): Promise<number> {
  let added = 0;
  const ids = new Map<string, string>();
  for (const { key, cause: wider, decisionId, ...payload } of intents) {
    const msgid = outboxId(wider ?? cause, key);
    ids.set(key, msgid);
    if (payload.kind === 'send_msg_on_event' && payload.codeFrom) payload.codeFrom = ids.get(payload.codeFrom) ?? payload.codeFrom;
    if (await insertOutboxRowIn(tx, {
      msgid, kind: payload.kind, conversationId, causeMsgid: cause, decisionId: decisionId ?? null, payload: JSON.stringify(payload),
    }, now)) added++;
  }
  return added;
}

/** What a customer message does to the session: WeCom's fresh answer, else a new one by WeCom's documented rules, else nothing. */
type SessionPatch = { fresh: { state: number; servicer: string | null; checkedAt: number; sessionStartedAt: number } } | { openByRules: true } | undefined;

function sessionPatch(conv: Conversation, at: number, fresh: FreshState | undefined, rules: boolean): SessionPatch {
  if (fresh) {
    const newSession = fresh.state === 0 && (conv.serviceState !== 0 || opensNewSession(conv, at));
    return { fresh: { state: fresh.state, servicer: fresh.servicerUserid, checkedAt: fresh.at, sessionStartedAt: newSession || conv.sessionStartedAt == null ? at : conv.sessionStartedAt } };
  }
  return rules && opensNewSession(conv, at) ? { openByRules: true } : undefined;
}

/** Counts a customer message on its conversation with its session change, in one statement; the row as it is after. */
async function countCustomerMessageIn(tx: Tx, id: number, at: number, now: number, patch: SessionPatch): Promise<Conversation | undefined> {
  const [row] = !patch ? await countCustomerMessage(tx, { id, at, now })
    : 'fresh' in patch ? await countWithFreshState(tx, { id, at, now, ...patch.fresh })
      : await countOpeningByRules(tx, { id, at, now });
  return row;
}

/** The session change alone, for a message that is not counted. */
async function applySessionPatch(tx: Tx, id: number, at: number, now: number, patch: SessionPatch): Promise<void> {
  if (!patch) return;
  if ('fresh' in patch) await applyFreshState(tx, { id, now, ...patch.fresh });
  else await openSessionByRules(tx, { id, at, now });
}

/** What storing needs: the product's unit of work and the clock. */
export interface StoreDeps {
  shared: { uow: UnitOfWork };
  clock: Clock;
}

/**
 * Stores `page` (or, with `o.budgetMs`, its first part: see `consumed`) in one transaction. `nextCursor` is where the
 * account's cursor goes when the whole page is stored; `undefined` when moving it is not this call's to do (a part of
 * a page whose other parts are stored by other transactions: see `moveCursor`).
 */
export async function storeSyncPage(d: StoreDeps, openKfid: string, page: KfMessage[], nextCursor: string | undefined, o: StoreOptions): Promise<StoredPage> {
  return d.shared.uow.run((tx) => stages.timeSpan('store', async (inner) => {
    const { conversations } = tx.t;
    const now = d.clock.now();
    let inserted = 0;
    let planned = 0;
    const touched = new Set<number>();
    /** Conversations whose fresh state was applied: the page's (older) state events must not undo it. */
    const freshApplied = o.freshApplied ?? new Set<number>();
    const started = performance.now();
    let consumed = 0;
    for (const m of page) {
      if (consumed > 0 && o.budgetMs !== undefined && performance.now() - started >= o.budgetMs) break;
      consumed++;
      const event = m.msgtype === 'event' ? (m.event as KfEvent | undefined) : undefined;
      const customer = m.external_userid ?? event?.external_userid;
      const conv = customer ? await ensureConversation(tx, m.open_kfid || openKfid, customer, now) : undefined;
      if (!conv) {
        if (event) await applyEvent(tx, undefined, event, now);
        continue;
      }
      const content = JSON.stringify(bodyOf(m));
      const classify = !event && m.origin === ORIGIN.customer ? o.plan.classify : undefined;
      // classifying is part of deciding (its time is the decide stage's, counted once per message: at the plan)
      const classified = classify && await inner('decide', () => classify(tx, conv.openKfid, { msgtype: m.msgtype, content }), { uncounted: true });
      const [row] = await insertMessage(tx, {
        msgid: m.msgid, conversationId: conv.id, origin: m.origin as Message['origin'], msgtype: m.msgtype,
        content, servicerUserid: m.servicer_userid ?? null, sendTime: m.send_time, receivedAt: now,
        intent: classified?.intent ?? null, confidence: classified?.confidence ?? null, emotion: classified?.emotion ?? null,
      });
      if (!row) continue;
      inserted++;
      touched.add(conv.id);
      if (event) {
        await applyEvent(tx, conv, event, now, freshApplied.has(conv.id));
        if (event.event_type === 'enter_session' && event.welcome_code && o.onEnter) {
          const onEnter = o.onEnter;
          planned += await enqueueIn(tx, conv.id, row.msgid, await inner('decide', () => onEnter(tx, conv, event)), now);
        }
      } else if (m.origin === ORIGIN.customer) {
        const at = m.send_time * 1000;
        const fresh = freshApplied.has(conv.id) ? undefined : o.fresh?.get(`${conv.openKfid}\u0000${conv.externalUserid}`);
        const patch = sessionPatch(conv, at, fresh, o.sessionRules ?? true);
        if (fresh) freshApplied.add(conv.id);
        // a probe is a dry run: it does not count as a customer waiting for an answer
        const probe = m.msgtype === 'text' && isProbeText(String((bodyOf(m) as { content?: unknown }).content ?? ''));
        if (probe) await applySessionPatch(tx, conv.id, at, now, patch);
        const counted = probe ? undefined : await countCustomerMessageIn(tx, conv.id, at, now, patch);
        const current = counted ?? (await first(conversationById(tx, { id: conv.id })))!;
        planned += await enqueueIn(tx, conv.id, row.msgid, await inner('decide', () => o.plan(tx, current, row, classified)), now);
      } else if (m.origin === ORIGIN.agent) {
        await tx.db.update(conversations).set({ lastHumanAt: m.send_time * 1000, unansweredCount: 0, unansweredSince: null, updatedAt: now })
          .where(eq(conversations.id, conv.id));
        await cancelTimersIn(tx, { conversationId: conv.id, now, reason: 'a human replied' });
      }
    }
    if (consumed === page.length && nextCursor !== undefined) {
      await moveCursorRow(tx, { openKfid, cursor: nextCursor, now });
      if (o.atEnd) await inner('bookkeeping', () => o.atEnd!(tx));
    }
    return { inserted, planned, conversations: [...touched], consumed };
  }));
}

/**
 * Moves the account's cursor to `nextCursor` (with `atEnd`'s writes) in a transaction of its own: for a page whose
 * parts were stored by transactions that moved none (`storeSyncPage` with no cursor), once all of them committed.
 */
export function moveCursor(d: StoreDeps, openKfid: string, nextCursor: string, atEnd?: (tx: Tx) => Promise<void>): Promise<void> {
  return d.shared.uow.run(async (tx) => {
    await moveCursorRow(tx, { openKfid, cursor: nextCursor, now: d.clock.now() });
    if (atEnd) await stages.timeAsync('bookkeeping', () => atEnd(tx));
  });
}
