/**
 * @module How each outbox kind reaches WeCom, and what is recorded locally once it did: after a send the
 * session is the bot's (0 → 1), after a move it is where WeCom put it. One function per kind; the worker
 * handles ordering, retries and results. An executor runs outside any transaction (the job's network step): it
 * reads through a unit of work's read and returns what happened as an `Effect`, which the job's completing
 * transaction applies with the row's result (`applyEffect`). A move that WeCom already made (a retry after a
 * crash) is recognised by asking WeCom first, and counts as done.
 */
import { lookUpNicknameToStore, type CachedNickname, type LookedUpNickname } from '../engine/customers';
import { eq, sql } from 'drizzle-orm';
import type { CoreDeps } from '../../app/deps';
import type { Conversation, OutboxRow } from '../../adapters/db/sqlite/schema/index';
import { first } from '../ports/queries';
import { reusableQuery } from '../ports/reusable-query';
import type { Tx } from '../ports/unit-of-work';
import { recordRefusalIn } from '../duty/receivers';
import { WecomError } from '../errors';
import { errorClass } from '../../channels/wecom-kf/errcodes';
import { renderTemplate } from '../../../shared/templates/index';
import type { OutboxPayload } from './outbox-intent';

/** A row that cannot run and never will (e.g. the notice of a hand-over that did not happen): cancelled, not failed. */
export class OutboxCancelled extends Error {}

type Trans = Extract<OutboxPayload, { kind: 'service_state_trans' }>;

/** What a done row changes in its conversation (applied in the job's completing transaction). */
export type Effect =
  /** An API send: the smart assistant has the session (WeCom moves 0 → 1). */
  | { kind: 'sent_by_bot' }
  /** An event answer: the bot spoke (the session's state is WeCom's event's). */
  | { kind: 'bot_spoke' }
  /** A move: the session is where WeCom put it; `msgCode` is kept on the row for the notice that goes with it. */
  | { kind: 'moved'; state: Trans['serviceState']; servicer: string | null; msgCode: string | null };

/** What happened, for the row's record; `customer`: what WeCom said about the customer on the way (stored with the record). */
export interface Executed { note?: string; effect?: Effect; customer?: LookedUpNickname['found'] }

export type ExecutorDeps = Pick<CoreDeps, 'wecom' | 'clock' | 'log' | 'shared'>;

type Executor<K extends OutboxPayload['kind']> = (d: ExecutorDeps, conv: Conversation, row: OutboxRow, p: Extract<OutboxPayload, { kind: K }>, customer: CachedNickname) => Promise<Executed>;

/** The effect a send counts as when WeCom reports it already took the msgid (a retry after a lost answer). */
export function sentEffect(kind: OutboxRow['kind']): Effect | undefined {
  if (kind === 'send_msg' || kind === 'send_template') return { kind: 'sent_by_bot' };
  if (kind === 'send_msg_on_event') return { kind: 'bot_spoke' };
  return undefined;
}

/* After every reply (reusable: built once, see core/ports/reusable-query.ts). */
const botSentOn = reusableQuery('outbox_bot_sent_on', ['id', 'now'], ({ db, t: { conversations: c } }, p) =>
  db.update(c).set({ lastBotAt: sql`${p.now}`, serviceState: sql`case when ${c.serviceState} = 0 then 1 else ${c.serviceState} end` }).where(eq(c.id, p.id)));
/* After every move (transfer, end). */
const movedTo = reusableQuery('outbox_moved_to', ['id', 'state', 'servicer', 'now'], ({ db, t: { conversations: c } }, p) =>
  db.update(c).set({ serviceState: sql`${p.state}`, servicerUserid: sql`${p.servicer}`, stateStale: false, stateCheckedAt: sql`${p.now}`, updatedAt: sql`${p.now}` })
    .where(eq(c.id, p.id)));

/**
 * In the job's completing transaction: the conversation's side of a done row (the row's own `msgCode` is written
 * by the caller with its result: `effect.kind === 'moved'`).
 */
export async function applyEffect(tx: Tx, conversationId: number, effect: Effect, now: number): Promise<void> {
  const { conversations: c } = tx.t;
  switch (effect.kind) {
    case 'sent_by_bot':
      await botSentOn(tx, { id: conversationId, now });
      return;
    case 'bot_spoke':
      await tx.db.update(c).set({ lastBotAt: now }).where(eq(c.id, conversationId));
      return;
    case 'moved':
      await movedTo(tx, { id: conversationId, state: effect.state, servicer: effect.servicer, now });
  }
}

const sendMsg: Executor<'send_msg'> = async (d, conv, row, p) => {
  await d.wecom.sendMsg({ touser: conv.externalUserid, open_kfid: conv.openKfid, msgid: row.msgid, ...p.body });
  return { effect: { kind: 'sent_by_bot' } };
};

const sendTemplate: Executor<'send_template'> = async (d, conv, row, p, customer) => {
  const who = await lookUpNicknameToStore(d, conv.externalUserid, customer);
  const body = renderTemplate(p.template, { ...p.vars, 'customer.nickname': who.nickname ?? p.vars['customer.nickname'] });
  return { ...await sendMsg(d, conv, row, { kind: 'send_msg', body }, customer), ...(who.found ? { customer: who.found } : {}) };
};

/** The msg_code WeCom gave the move `msgid` (committed with that row's completion). */
async function msgCodeOf(d: ExecutorDeps, msgid: string): Promise<string | null | undefined> {
  return d.shared.uow.read(async (q) => (await first(q.db.select({ c: q.t.outbox.msgCode }).from(q.t.outbox).where(eq(q.t.outbox.msgid, msgid)).limit(1)))?.c);
}

const sendOnEvent: Executor<'send_msg_on_event'> = async (d, conv, row, p, customer) => {
  const code = p.code ?? (p.codeFrom ? await msgCodeOf(d, p.codeFrom) : undefined);
  if (!code) throw new OutboxCancelled('no msg_code: the move this notice goes with did not happen (or WeCom gave no code)');
  const who = await lookUpNicknameToStore(d, conv.externalUserid, customer);
  const body = renderTemplate(p.template, { ...p.vars, 'customer.nickname': who.nickname ?? p.vars['customer.nickname'] });
  await d.wecom.sendMsgOnEvent({ code, msgid: row.msgid, ...body });
  return { effect: { kind: 'bot_spoke' }, ...(who.found ? { customer: who.found } : {}) };
};

const moved = (state: Trans['serviceState'], servicer: string | null, msgCode: string | null): Effect => ({ kind: 'moved', state, servicer, msgCode });

/** Whether WeCom already has the session where this row wants it. */
async function alreadyThere(d: ExecutorDeps, conv: Conversation, state: number, servicer: string | undefined): Promise<boolean> {
  const cur = await d.wecom.getServiceState(conv.openKfid, conv.externalUserid);
  return cur.service_state === state && (state !== 3 || servicer === undefined || cur.servicer_userid === servicer);
}

const trans: Executor<'service_state_trans'> = async (d, conv, row, p) => {
  const targets = p.serviceState === 3 ? [...new Set([p.servicerUserid, ...(p.candidates ?? [])].filter((u): u is string => !!u))] : [undefined];
  let refused: unknown;
  for (const target of targets) {
    if (row.attempts > 1 && await alreadyThere(d, conv, p.serviceState, target)) {
      return { note: 'already moved (retry)', effect: moved(p.serviceState, target ?? null, null) };
    }
    try {
      const r = await d.wecom.transServiceState({
        open_kfid: conv.openKfid, external_userid: conv.externalUserid, service_state: p.serviceState, ...(target ? { servicer_userid: target } : {}),
      });
      const effect = moved(p.serviceState, target ?? null, r.msg_code ?? null);
      return target && target !== p.servicerUserid ? { note: `taken by ${target}`, effect } : { effect };
    } catch (err) {
      const cls = err instanceof WecomError ? errorClass(err.errcode) : 'permanent';
      if (cls === 'illegal_move' && await alreadyThere(d, conv, p.serviceState, target)) {
        return { note: 'already moved', effect: moved(p.serviceState, target ?? null, null) };
      }
      if (cls !== 'receiver' || !target) throw err;
      // WeCom says this person cannot receive now: remember it at once (the next candidates' checks read it), try the next one
      const errcode = (err as WecomError).errcode;
      await d.shared.uow.run((tx) => recordRefusalIn(tx, conv.openKfid, target, errcode, d.clock.now()));
      refused = err;
    }
  }
  throw refused ?? new OutboxCancelled('no candidate to move the session to');
};

/** Runs one row; `customer`: the cached nickname read with the row (templates greet by name). */
export async function execute(d: ExecutorDeps, conv: Conversation, row: OutboxRow, p: OutboxPayload, customer: CachedNickname): Promise<Executed> {
  switch (p.kind) {
    case 'send_msg': return sendMsg(d, conv, row, p, customer);
    case 'send_template': return sendTemplate(d, conv, row, p, customer);
    case 'send_msg_on_event': return sendOnEvent(d, conv, row, p, customer);
    case 'service_state_trans': return trans(d, conv, row, p, customer);
  }
}
