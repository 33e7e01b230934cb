/**
 * @module How each outbox kind reaches WeCom, and what is recorded locally once it did: after a send the
 * session is the bot's (0 → 1), after a move it is where WeCom put it. One function per kind; the worker
 * handles ordering, retries and results. A move that WeCom already made (a retry after a crash) is
 * recognised by asking WeCom first, and counts as done.
 */
import { eq, sql } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import { conversations, outbox, type Conversation, type OutboxRow } from '../db/schema/index';
import { customerNickname } from '../engine/customers';
import { recordRefusal } from '../duty/receivers';
import { WecomError } from '../errors';
import { errorClass } from '../channels/wecom-kf/errcodes';
import { renderTemplate } from '../../shared/templates/index';
import type { OutboxPayload } from './outbox-intent';

/** A row that cannot run and never will (e.g. the notice of a hand-over that did not happen): cancelled, not failed. */
export class OutboxCancelled extends Error {}

/** What happened, for the row's record. */
export interface Executed { note?: string }

type Executor<K extends OutboxPayload['kind']> = (d: CoreDeps, conv: Conversation, row: OutboxRow, p: Extract<OutboxPayload, { kind: K }>) => Promise<Executed>;

/** After an API send the smart assistant has the session (WeCom moves 0 → 1). */
function sentByBot(d: CoreDeps, conv: Conversation): void {
  d.db.update(conversations).set({
    lastBotAt: d.clock.now(), serviceState: sql`case when ${conversations.serviceState} = 0 then 1 else ${conversations.serviceState} end`,
  }).where(eq(conversations.id, conv.id)).run();
}

const sendMsg: Executor<'send_msg'> = async (d, conv, row, p) => {
  await d.wecom.sendMsg({ touser: conv.externalUserid, open_kfid: conv.openKfid, msgid: row.msgid, ...p.body });
  sentByBot(d, conv);
  return {};
};

const sendTemplate: Executor<'send_template'> = async (d, conv, row, p) => {
  const nickname = await customerNickname(d, conv.externalUserid);
  const body = renderTemplate(p.template, { ...p.vars, 'customer.nickname': nickname ?? p.vars['customer.nickname'] });
  return sendMsg(d, conv, row, { kind: 'send_msg', body });
};

const sendOnEvent: Executor<'send_msg_on_event'> = async (d, conv, row, p) => {
  const code = p.code ?? (p.codeFrom ? d.db.select({ c: outbox.msgCode }).from(outbox).where(eq(outbox.msgid, p.codeFrom)).get()?.c : undefined);
  if (!code) throw new OutboxCancelled('no msg_code: the move this notice goes with did not happen (or WeCom gave no code)');
  const nickname = await customerNickname(d, conv.externalUserid);
  const body = renderTemplate(p.template, { ...p.vars, 'customer.nickname': nickname ?? p.vars['customer.nickname'] });
  await d.wecom.sendMsgOnEvent({ code, msgid: row.msgid, ...body });
  d.db.update(conversations).set({ lastBotAt: d.clock.now() }).where(eq(conversations.id, conv.id)).run();
  return {};
};

type Trans = Extract<OutboxPayload, { kind: 'service_state_trans' }>;

function moved(d: CoreDeps, conv: Conversation, row: OutboxRow, state: Trans['serviceState'], servicer: string | null, msgCode: string | null): void {
  const now = d.clock.now();
  d.db.transaction((tx) => {
    tx.update(conversations).set({ serviceState: state, servicerUserid: servicer, stateStale: false, stateCheckedAt: now, updatedAt: now })
      .where(eq(conversations.id, conv.id)).run();
    tx.update(outbox).set({ msgCode }).where(eq(outbox.msgid, row.msgid)).run();
  });
}

/** Whether WeCom already has the session where this row wants it. */
async function alreadyThere(d: CoreDeps, conv: Conversation, state: number, servicer: string | undefined): Promise<boolean> {
  const cur = await d.wecom.getServiceState(conv.openKfid, conv.externalUserid);
  return cur.service_state === state && (state !== 3 || servicer === undefined || cur.servicer_userid === servicer);
}

const trans: Executor<'service_state_trans'> = async (d, conv, row, p) => {
  const targets = p.serviceState === 3 ? [...new Set([p.servicerUserid, ...(p.candidates ?? [])].filter((u): u is string => !!u))] : [undefined];
  let refused: unknown;
  for (const target of targets) {
    if (row.attempts > 1 && await alreadyThere(d, conv, p.serviceState, target)) {
      moved(d, conv, row, p.serviceState, target ?? null, null);
      return { note: 'already moved (retry)' };
    }
    try {
      const r = await d.wecom.transServiceState({
        open_kfid: conv.openKfid, external_userid: conv.externalUserid, service_state: p.serviceState, ...(target ? { servicer_userid: target } : {}),
      });
      moved(d, conv, row, p.serviceState, target ?? null, r.msg_code ?? null);
      return target && target !== p.servicerUserid ? { note: `taken by ${target}` } : {};
    } catch (err) {
      const cls = err instanceof WecomError ? errorClass(err.errcode) : 'permanent';
      if (cls === 'illegal_move' && await alreadyThere(d, conv, p.serviceState, target)) {
        moved(d, conv, row, p.serviceState, target ?? null, null);
        return { note: 'already moved' };
      }
      if (cls !== 'receiver' || !target) throw err;
      // WeCom says this person cannot receive now: remember it, try the next candidate
      recordRefusal(d.db, conv.openKfid, target, (err as WecomError).errcode, d.clock.now());
      refused = err;
    }
  }
  throw refused ?? new OutboxCancelled('no candidate to move the session to');
};

export async function execute(d: CoreDeps, conv: Conversation, row: OutboxRow, p: OutboxPayload): Promise<Executed> {
  switch (p.kind) {
    case 'send_msg': return sendMsg(d, conv, row, p);
    case 'send_template': return sendTemplate(d, conv, row, p);
    case 'send_msg_on_event': return sendOnEvent(d, conv, row, p);
    case 'service_state_trans': return trans(d, conv, row, p);
  }
}
