import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KF, say, sendText, setup, type Env } from './support';

let env: Env;
beforeEach(async () => { env = await setup(); });
afterEach(async () => { await env.close(); });

const C = 'wmCustomer0001';
const trans = (service_state: number, servicer_userid?: string) =>
  env.call('kf/service_state/trans', { open_kfid: KF, external_userid: C, service_state, ...(servicer_userid ? { servicer_userid } : {}) });
const get = () => env.call('kf/service_state/get', { open_kfid: KF, external_userid: C });
const onEvent = (code: string, content = '提示') => env.call('kf/send_msg_on_event', { code, msgtype: 'text', text: { content } });

describe('wecom-sim is as strict as WeCom about sessions', () => {
  it('moves a new session from 0 to 1 when the API sends, so a pool move then gives its code', async () => {
    await say(env, 'hi');
    expect((await get()).service_state).toBe(0);
    expect((await sendText(env, '您好')).errcode).toBe(0);
    expect((await get()).service_state).toBe(1);
    expect((await trans(1)).errcode).toBe(95016);
  });

  it('accepts a msg_code only while the session is still in the state that issued it', async () => {
    await say(env, 'hi');
    const pool = (await trans(2)).msg_code;
    const taken = (await trans(3, 'alice')).msg_code;
    expect(await onEvent(pool)).toMatchObject({ errcode: 95007 });
    expect(await onEvent(taken)).toMatchObject({ errcode: 0 });
    const end = (await trans(4)).msg_code;
    await say(env, 'new session');
    expect(await onEvent(end)).toMatchObject({ errcode: 95007 });
    expect((await env.ctl.inbox({ external_userid: C })).map((m) => m.sender)).toEqual(['send_msg_on_event']);
  });

  it('answers 95009 for an unknown menu item type and 40058 for a known type without its object', async () => {
    await say(env, 'hi');
    const send = (item: unknown) => env.call('kf/send_msg', { touser: C, open_kfid: KF, msgtype: 'msgmenu', msgmenu: { head_content: 'x', list: [item] } });
    expect((await send({ type: 'button', button: { content: 'x' } })).errcode).toBe(95009);
    expect((await send({ type: 'click' })).errcode).toBe(40058);
    expect((await send({ type: 'click', click: { id: 'a', content: 'A' } })).errcode).toBe(0);
  });

  it('reports a customer recall and an agent recall as sync_msg events with recall_msgid', async () => {
    const { msgid } = await say(env, '发错了');
    await env.ctl.customerRecall({ open_kfid: KF, external_userid: C, msgid });
    await trans(3, 'alice');
    const reply = await env.ctl.agentReply({ open_kfid: KF, external_userid: C, userid: 'alice', content: '您好' });
    await env.ctl.agentRecall({ open_kfid: KF, external_userid: C, userid: 'alice', msgid: reply.msgid });
    const events = (await env.call('kf/sync_msg', { open_kfid: KF })).msg_list.filter((m) => m.event?.event_type.endsWith('recall_msg')).map((m) => m.event);
    expect(events).toEqual([
      { event_type: 'user_recall_msg', open_kfid: KF, external_userid: C, recall_msgid: msgid },
      { event_type: 'servicer_recall_msg', open_kfid: KF, external_userid: C, servicer_userid: 'alice', recall_msgid: reply.msgid },
    ]);
    expect((await env.ctl.inbox({ external_userid: C })).find((m) => m.msgid === reply.msgid)?.recalledAt).toBe(env.clock.t);
    env.clock.advance(120_001);
    const late = await say(env, '再撤回');
    env.clock.advance(120_001);
    await expect(env.ctl.customerRecall({ open_kfid: KF, external_userid: C, msgid: late.msgid })).rejects.toMatchObject({ status: 409 });
  });
});
