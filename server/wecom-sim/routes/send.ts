/**
 * @module `kf/send_msg` (doc 94677: state 0/1 only → 95018, also for a session past its 48 h; 5 per customer
 * message → 95001; never wrote / 48 h → 95002; ≤10 menu items → 95008, unknown item type → 95009; text ≤ 2048
 * bytes, msgid ≤ 32 bytes [0-9a-zA-Z_-]; a send moves state 0 → 1) and `kf/send_msg_on_event` (doc 95122:
 * single-use welcome_code / msg_code → 95007, a msg_code only while its session is in the issuing state).
 * Sent messages land in the customer's inbox, never in sync_msg.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { SimContext } from '../context';
import { appendEvent, deliver } from '../kf-log';
import { WECOM_LIMITS } from '../options';
import { assertCodeState, currentState, onApiSend, withinWindow } from '../sessions';
import { getPair, type Account, type Wire } from '../state';
import { byteLength, ok, readJson, WxError } from '../wx';
import { findAccount } from './kf';

const MSGID = /^[0-9A-Za-z_-]{1,32}$/;
const Obj = z.record(z.string(), z.unknown());
const MSGTYPES = ['text', 'image', 'voice', 'video', 'file', 'link', 'miniprogram', 'msgmenu', 'location', 'business_card', 'ca_link'] as const;
const REQUIRED: Record<(typeof MSGTYPES)[number], string[]> = {
  text: ['content'], image: ['media_id'], voice: ['media_id'], video: ['media_id'], file: ['media_id'],
  link: ['title', 'url', 'thumb_media_id'], miniprogram: ['appid', 'thumb_media_id', 'pagepath'], msgmenu: [],
  location: ['latitude', 'longitude'], business_card: ['userid'], ca_link: ['link_url'],
};

const SendBody = z.object({
  touser: z.string().min(1),
  open_kfid: z.unknown().optional(),
  msgid: z.string().optional(),
  msgtype: z.enum(MSGTYPES),
}).catchall(z.unknown());

const EventBody = z.object({
  code: z.string().min(1),
  msgid: z.string().optional(),
  msgtype: z.enum(['text', 'msgmenu']),
}).catchall(z.unknown());

/** Validate the body object named by msgtype; returns it. */
export function messageBody(msgtype: (typeof MSGTYPES)[number], raw: Record<string, unknown>): Wire {
  const parsed = Obj.safeParse(raw[msgtype]);
  if (!parsed.success) throw new WxError(40058, `${msgtype} is required`);
  const body = parsed.data;
  for (const field of REQUIRED[msgtype]) if (body[field] === undefined || body[field] === '') throw new WxError(40058, `${msgtype}.${field} is required`);
  if (msgtype === 'text') {
    if (typeof body.content !== 'string') throw new WxError(40058, 'text.content must be a string');
    if (byteLength(body.content) > WECOM_LIMITS.maxTextBytes) throw new WxError(40058, `text.content exceeds ${WECOM_LIMITS.maxTextBytes} bytes`);
  }
  if (msgtype === 'msgmenu') {
    const list = Array.isArray(body.list) ? body.list : [];
    if (list.length > WECOM_LIMITS.maxMenuItems) throw new WxError(95008);
    for (const item of list) {
      const it = Obj.safeParse(item);
      if (!it.success) throw new WxError(40058, 'msgmenu.list items must be objects');
      // WECOM.md §3.3 / §6: an unknown menu item type is 95009; a known type without its object is a bad parameter.
      if (!['click', 'view', 'miniprogram', 'text'].includes(String(it.data.type))) throw new WxError(95009, `menu item type ${String(it.data.type)}`);
      if (!Obj.safeParse(it.data[String(it.data.type)]).success) throw new WxError(40058, `msgmenu item of type ${String(it.data.type)} needs its object`);
    }
  }
  return body;
}

function checkMsgid(account: Account, ctx: SimContext, msgid: string | undefined): 'new' | 'duplicate' {
  if (msgid === undefined) return 'new';
  if (!MSGID.test(msgid)) throw new WxError(40058, 'msgid must be ≤ 32 bytes of [0-9a-zA-Z_-]');
  if (!account.sentMsgids.has(msgid)) return 'new';
  if (ctx.opts.unknowns.duplicateMsgid === 'reject') throw new WxError(ctx.opts.unknowns.duplicateMsgidErrcode, `msgid ${msgid} already used`);
  return 'duplicate';
}

export function sendRoutes(ctx: SimContext): Hono {
  const app = new Hono();
  const { state } = ctx;

  app.post('/kf/send_msg', async (c) => {
    const raw = await readJson(c, SendBody);
    const account = findAccount(ctx, raw.open_kfid);
    const content = messageBody(raw.msgtype, raw);
    if (checkMsgid(account, ctx, raw.msgid) === 'duplicate') return ok(c, { msgid: raw.msgid });
    if (!state.customers.has(raw.touser)) throw new WxError(40096);
    const pair = getPair(state, account.open_kfid, raw.touser);
    if (pair.lastCustomerMsgAt === null) throw new WxError(95002, 'the customer has never written');
    // A session past its 48 h reads as ended (4): 95018, as WeCom answers for an expired session.
    const { state: s } = currentState(ctx, pair);
    if (s !== 0 && s !== 1) throw new WxError(95018, `session state is ${s}`);
    if (!withinWindow(ctx, pair)) throw new WxError(95002);
    if (pair.quotaUsed >= WECOM_LIMITS.sendQuotaPerCustomerMsg) throw new WxError(95001);
    pair.quotaUsed += 1;
    onApiSend(ctx, pair);
    const msgid = raw.msgid ?? ctx.id('sim_send_');
    account.sentMsgids.set(msgid, ctx.now());
    const failType = ctx.faults.takeSendFail();
    if (failType !== null) {
      appendEvent(ctx, account, { event_type: 'msg_send_fail', external_userid: raw.touser, fail_msgid: msgid, fail_type: failType });
    } else {
      deliver(ctx, { msgid, open_kfid: account.open_kfid, external_userid: raw.touser, msgtype: raw.msgtype, content, sender: 'send_msg' });
    }
    return ok(c, { msgid });
  });

  app.post('/kf/send_msg_on_event', async (c) => {
    const raw = await readJson(c, EventBody);
    const code = state.codes.get(raw.code);
    if (!code || code.used || ctx.now() > code.expiresAt) throw new WxError(95007, 'code is invalid, used or expired');
    if (raw.msgtype === 'msgmenu' && (code.kind === 'pool' || code.kind === 'taken')) {
      throw new WxError(40058, 'this msg_code only allows text');
    }
    const content = messageBody(raw.msgtype, raw);
    const account = findAccount(ctx, code.open_kfid);
    if (checkMsgid(account, ctx, raw.msgid) === 'duplicate') return ok(c, { msgid: raw.msgid });
    assertCodeState(ctx, code);
    code.used = true;
    const msgid = raw.msgid ?? ctx.id('sim_evt_');
    account.sentMsgids.set(msgid, ctx.now());
    if (code.kind === 'welcome') getPair(state, code.open_kfid, code.external_userid).lastWelcomeAt = ctx.now();
    deliver(ctx, { msgid, open_kfid: code.open_kfid, external_userid: code.external_userid, msgtype: raw.msgtype, content, sender: 'send_msg_on_event' });
    return ok(c, { msgid });
  });

  return app;
}
