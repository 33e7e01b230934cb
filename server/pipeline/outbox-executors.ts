/**
 * @module How each outbox kind reaches WeCom, and what is recorded locally once it did. One function per
 * kind; the worker handles ordering, retries and results.
 */
import { eq } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import { conversations, type Conversation } from '../db/schema/index';
import { customerNickname } from '../engine/customers';
import { renderTemplate } from '../../shared/templates/index';
import type { OutboxPayload } from './outbox-intent';

type Executor<K extends OutboxPayload['kind']> = (d: CoreDeps, conv: Conversation, msgid: string, p: Extract<OutboxPayload, { kind: K }>) => Promise<void>;

const sendMsg: Executor<'send_msg'> = async (d, conv, msgid, p) => {
  await d.wecom.sendMsg({ touser: conv.externalUserid, open_kfid: conv.openKfid, msgid, ...p.body });
  d.db.update(conversations).set({ lastBotAt: d.clock.now() }).where(eq(conversations.id, conv.id)).run();
};

const sendTemplate: Executor<'send_template'> = async (d, conv, msgid, p) => {
  const nickname = await customerNickname(d, conv.externalUserid);
  const body = renderTemplate(p.template, { ...p.vars, 'customer.nickname': nickname ?? p.vars['customer.nickname'] });
  await sendMsg(d, conv, msgid, { kind: 'send_msg', body });
};

const sendOnEvent: Executor<'send_msg_on_event'> = async (d, conv, msgid, p) => {
  const nickname = await customerNickname(d, conv.externalUserid);
  const body = renderTemplate(p.template, { ...p.vars, 'customer.nickname': nickname ?? p.vars['customer.nickname'] });
  await d.wecom.sendMsgOnEvent({ code: p.code, msgid, ...body });
  d.db.update(conversations).set({ lastBotAt: d.clock.now() }).where(eq(conversations.id, conv.id)).run();
};

const trans: Executor<'service_state_trans'> = async (d, conv, _msgid, p) => {
  await d.wecom.transServiceState({
    open_kfid: conv.openKfid, external_userid: conv.externalUserid, service_state: p.serviceState, servicer_userid: p.servicerUserid,
  });
  d.db.update(conversations).set({ serviceState: p.serviceState, servicerUserid: p.servicerUserid ?? null, updatedAt: d.clock.now() })
    .where(eq(conversations.id, conv.id)).run();
};

export async function execute(d: CoreDeps, conv: Conversation, msgid: string, p: OutboxPayload): Promise<void> {
  switch (p.kind) {
    case 'send_msg': return sendMsg(d, conv, msgid, p);
    case 'send_template': return sendTemplate(d, conv, msgid, p);
    case 'send_msg_on_event': return sendOnEvent(d, conv, msgid, p);
    case 'service_state_trans': return trans(d, conv, msgid, p);
  }
}
