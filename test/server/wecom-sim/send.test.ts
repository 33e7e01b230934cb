import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KF, say, sendText, setup, type Env } from './support';

let env: Env;
beforeEach(async () => { env = await setup(); });
afterEach(async () => { await env.close(); });

const menu = (n: number) => ({
  head_content: '请选择', tail_content: '谢谢',
  list: Array.from({ length: n }, (_, i) => ({ type: 'click', click: { id: `opt${i}`, content: `选项${i}` } })),
});

describe('wecom-sim kf/send_msg', () => {
  it('allows 5 messages per customer message: the 6th gets 95001 and a new customer message resets it', async () => {
    await say(env, 'hi');
    for (let i = 0; i < 5; i++) expect((await sendText(env, `r${i}`)).errcode).toBe(0);
    expect((await sendText(env, 'r5')).errcode).toBe(95001);
    await say(env, 'again');
    expect((await sendText(env, 'r6')).errcode).toBe(0);
    const inbox = await env.ctl.inbox({ external_userid: 'wmCustomer0001' });
    expect(inbox.map((i) => i.text)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r6']);
    const state = await env.ctl.state();
    expect(state.sessions.find((s) => s.external_userid === 'wmCustomer0001')?.quota_left).toBe(4);
  });

  it('refuses sends once the session has lapsed 48 h after it began with 95018, and to a customer who never wrote with 95002', async () => {
    await say(env, 'hi');
    env.clock.advance(48 * 3600_000);
    expect((await sendText(env, 'just in time')).errcode).toBe(0);
    env.clock.advance(1);
    expect((await sendText(env, 'too late')).errcode).toBe(95018);
    expect((await sendText(env, 'never wrote', { touser: 'wmCustomer0002' })).errcode).toBe(95002);
  });

  it('refuses sends with 95018 while the session is in the pool, with a human or ended', async () => {
    await say(env, 'hi');
    const trans = (service_state: number, servicer_userid?: string) =>
      env.call('kf/service_state/trans', { open_kfid: KF, external_userid: 'wmCustomer0001', service_state, servicer_userid });
    expect((await trans(2)).errcode).toBe(0);
    expect((await sendText(env, 'pool')).errcode).toBe(95018);
    expect((await trans(3, 'alice')).errcode).toBe(0);
    expect((await sendText(env, 'human')).errcode).toBe(95018);
    expect((await trans(4)).errcode).toBe(0);
    expect((await sendText(env, 'ended')).errcode).toBe(95018);
    await say(env, 'back');
    expect((await sendText(env, 'new session')).errcode).toBe(0);
  });

  it('sends a menu of up to 10 items and refuses 11 with 95008; a click comes back with menu_id', async () => {
    await say(env, 'hi');
    expect((await env.call('kf/send_msg', { touser: 'wmCustomer0001', open_kfid: KF, msgtype: 'msgmenu', msgmenu: menu(11) })).errcode).toBe(95008);
    expect((await env.call('kf/send_msg', { touser: 'wmCustomer0001', open_kfid: KF, msgtype: 'msgmenu', msgmenu: menu(10) })).errcode).toBe(0);
    await env.ctl.customerSend({ open_kfid: KF, external_userid: 'wmCustomer0001', msgtype: 'menu_click', menu_id: 'opt3' });
    const { msg_list } = await env.call('kf/sync_msg', { open_kfid: KF });
    expect(msg_list.at(-1)).toMatchObject({ origin: 3, msgtype: 'text', text: { content: '选项3', menu_id: 'opt3' } });
    await expect(env.ctl.customerSend({ open_kfid: KF, external_userid: 'wmCustomer0001', msgtype: 'menu_click', menu_id: 'nope' })).rejects.toMatchObject({ status: 409 });
  });

  it('validates text length in bytes, msgid syntax and required fields', async () => {
    await say(env, 'hi');
    expect((await sendText(env, '字'.repeat(682))).errcode).toBe(0);
    expect((await sendText(env, '字'.repeat(683))).errcode).toBe(40058);
    expect((await sendText(env, 'x', { msgid: 'a'.repeat(33) })).errcode).toBe(40058);
    expect((await sendText(env, 'x', { msgid: 'bad id!' })).errcode).toBe(40058);
    expect((await env.call('kf/send_msg', { open_kfid: KF, msgtype: 'text', text: { content: 'x' } })).errcode).toBe(40058);
    expect((await env.call('kf/send_msg', { touser: 'wmCustomer0001', open_kfid: KF, msgtype: 'text' })).errcode).toBe(40058);
    expect((await env.call('kf/send_msg', { touser: 'wmCustomer0001', msgtype: 'text', text: { content: 'x' } })).errcode).toBe(95000);
  });

  it('returns the caller msgid and rejects a duplicate msgid by default', async () => {
    await say(env, 'hi');
    expect(await sendText(env, 'x', { msgid: 'reply-1_a' })).toMatchObject({ errcode: 0, msgid: 'reply-1_a' });
    expect((await sendText(env, 'x', { msgid: 'reply-1_a' })).errcode).toBe(40058);
    expect(await env.ctl.inbox({ external_userid: 'wmCustomer0001' })).toHaveLength(1);
  });

  it('can treat a duplicate msgid idempotently (setting)', async () => {
    await env.close();
    env = await setup({ unknowns: { duplicateMsgid: 'idempotent' } });
    await say(env, 'hi');
    expect(await sendText(env, 'x', { msgid: 'same' })).toMatchObject({ errcode: 0, msgid: 'same' });
    expect(await sendText(env, 'x', { msgid: 'same' })).toMatchObject({ errcode: 0, msgid: 'same' });
    expect(await env.ctl.inbox({ external_userid: 'wmCustomer0001' })).toHaveLength(1);
  });

  it('reports an injected delivery failure as msg_send_fail instead of delivering', async () => {
    await say(env, 'hi');
    await env.ctl.setFaults({ sendFail: { count: 1, fail_type: 10 } });
    const { msgid } = await sendText(env, 'lost');
    expect(await env.ctl.inbox({ external_userid: 'wmCustomer0001' })).toHaveLength(0);
    const { msg_list } = await env.call('kf/sync_msg', { open_kfid: KF });
    expect(msg_list.at(-1)).toMatchObject({ origin: 4, event: { event_type: 'msg_send_fail', fail_msgid: msgid, fail_type: 10, external_userid: 'wmCustomer0001' } });
  });
});

describe('wecom-sim kf/send_msg_on_event', () => {
  it('gives a welcome_code on enter_session that works once', async () => {
    const { welcome_code } = await env.ctl.customerEnter({ open_kfid: KF, external_userid: 'wmCustomer0001' });
    expect(welcome_code).toBeDefined();
    const first = await env.call('kf/send_msg_on_event', { code: welcome_code, msgtype: 'msgmenu', msgmenu: menu(3) });
    expect(first.errcode).toBe(0);
    expect((await env.call('kf/send_msg_on_event', { code: welcome_code, msgtype: 'text', text: { content: 'again' } })).errcode).toBe(95007);
    const inbox = await env.ctl.inbox({ external_userid: 'wmCustomer0001' });
    expect(inbox).toMatchObject([{ sender: 'send_msg_on_event', msgtype: 'msgmenu', msgid: first.msgid }]);
    const again = await env.ctl.customerEnter({ open_kfid: KF, external_userid: 'wmCustomer0001' });
    expect(again.welcome_code).toBeUndefined();
  });

  it('expires a welcome_code after 20 s and gives none to a customer who wrote within 48 h', async () => {
    const { welcome_code } = await env.ctl.customerEnter({ open_kfid: KF, external_userid: 'wmCustomer0001' });
    env.clock.advance(20_001);
    expect((await env.call('kf/send_msg_on_event', { code: welcome_code, msgtype: 'text', text: { content: 'hi' } })).errcode).toBe(95007);
    await say(env, 'hello', 'wmCustomer0002');
    expect((await env.ctl.customerEnter({ open_kfid: KF, external_userid: 'wmCustomer0002' })).welcome_code).toBeUndefined();
  });

  it('lets the end msg_code send once within 20 s', async () => {
    await say(env, 'hi');
    await env.call('kf/service_state/trans', { open_kfid: KF, external_userid: 'wmCustomer0001', service_state: 3, servicer_userid: 'alice' });
    const end = await env.call('kf/service_state/trans', { open_kfid: KF, external_userid: 'wmCustomer0001', service_state: 4 });
    expect(typeof end.msg_code).toBe('string');
    expect((await env.call('kf/send_msg_on_event', { code: end.msg_code, msgtype: 'text', text: { content: '再见' } })).errcode).toBe(0);
    expect((await env.call('kf/send_msg_on_event', { code: end.msg_code, msgtype: 'text', text: { content: '再见' } })).errcode).toBe(95007);
  });
});
