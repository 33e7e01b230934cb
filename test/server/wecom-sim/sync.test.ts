import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KF, KF2, say, sendText, setup, type Env } from './support';

let env: Env;
beforeEach(async () => { env = await setup(); });
afterEach(async () => { await env.close(); });

async function callbackToken(env: Env): Promise<string> {
  await env.ctl.waitCallbacks();
  const last = env.receiver.got.at(-1);
  return String(last?.inner.Token);
}

describe('wecom-sim kf/sync_msg', () => {
  it('pages with limit and has_more, and resumes from next_cursor', async () => {
    for (let i = 1; i <= 5; i++) await say(env, `m${i}`);
    const token = await callbackToken(env);
    const p1 = await env.call('kf/sync_msg', { open_kfid: KF, token, limit: 2 });
    expect(p1).toMatchObject({ errcode: 0, has_more: 1 });
    expect(p1.msg_list.map((m) => m.text?.content)).toEqual(['m1', 'm2']);
    const p2 = await env.call('kf/sync_msg', { open_kfid: KF, token, limit: 2, cursor: p1.next_cursor });
    expect(p2.msg_list.map((m) => m.text?.content)).toEqual(['m3', 'm4']);
    const p3 = await env.call('kf/sync_msg', { open_kfid: KF, token, limit: 2, cursor: p2.next_cursor });
    expect(p3).toMatchObject({ has_more: 0 });
    expect(p3.msg_list.map((m) => m.text?.content)).toEqual(['m5']);
    const again = await env.call('kf/sync_msg', { open_kfid: KF, token, cursor: p3.next_cursor });
    expect(again).toMatchObject({ has_more: 0, msg_list: [] });
    await say(env, 'm6');
    const later = await env.call('kf/sync_msg', { open_kfid: KF, cursor: p3.next_cursor });
    expect(later.msg_list.map((m) => m.text?.content)).toEqual(['m6']);
  });

  it('returns customer messages with the documented fields and never echoes our own sends', async () => {
    await say(env, 'hello');
    expect((await sendText(env, 'reply')).errcode).toBe(0);
    const page = await env.call('kf/sync_msg', { open_kfid: KF });
    expect(page.msg_list).toHaveLength(1);
    const [m] = page.msg_list;
    expect(m).toMatchObject({ open_kfid: KF, external_userid: 'wmCustomer0001', origin: 3, msgtype: 'text', text: { content: 'hello' } });
    expect(typeof m?.msgid).toBe('string');
    expect(m?.send_time).toBe(Math.floor(env.clock.t / 1000));
  });

  it('keeps messages for 3 days only: an empty cursor starts at the oldest of the last 3 days', async () => {
    await say(env, 'old');
    env.clock.advance(2 * 86_400_000);
    await say(env, 'middle');
    env.clock.advance(86_400_000 + 1000);
    await say(env, 'new');
    const page = await env.call('kf/sync_msg', { open_kfid: KF });
    expect(page.msg_list.map((m) => m.text?.content)).toEqual(['middle', 'new']);
  });

  it('requires open_kfid (95000), knows its accounts (95004) and checks limit ≤ 1000', async () => {
    expect((await env.call('kf/sync_msg', {})).errcode).toBe(95000);
    expect((await env.call('kf/sync_msg', { open_kfid: 'wkNoSuchAccount' })).errcode).toBe(95004);
    expect((await env.call('kf/sync_msg', { open_kfid: KF, limit: 1001 })).errcode).toBe(40058);
    expect((await env.call('kf/sync_msg', '{not json')).errcode).toBe(47001);
  });

  it('accepts the callback token for 10 minutes and only for its own account', async () => {
    await say(env, 'hi');
    const token = await callbackToken(env);
    expect((await env.call('kf/sync_msg', { open_kfid: KF2, token })).errcode).toBe(95007);
    env.clock.advance(10 * 60_000);
    expect((await env.call('kf/sync_msg', { open_kfid: KF, token })).errcode).toBe(0);
    env.clock.advance(1);
    expect((await env.call('kf/sync_msg', { open_kfid: KF, token })).errcode).toBe(95007);
  });

  it('rate limits sync without a token', async () => {
    await env.close();
    env = await setup({ unknowns: { syncWithoutTokenPerMinute: 2 } });
    expect((await env.call('kf/sync_msg', { open_kfid: KF })).errcode).toBe(0);
    expect((await env.call('kf/sync_msg', { open_kfid: KF })).errcode).toBe(0);
    expect((await env.call('kf/sync_msg', { open_kfid: KF })).errcode).toBe(45009);
    env.clock.advance(60_001);
    expect((await env.call('kf/sync_msg', { open_kfid: KF })).errcode).toBe(0);
  });

  it('can answer has_more=1 with an empty list once, then the real page', async () => {
    await say(env, 'x');
    await env.ctl.setFaults({ syncEmptyHasMoreOnce: true });
    const empty = await env.call('kf/sync_msg', { open_kfid: KF });
    expect(empty).toMatchObject({ has_more: 1, msg_list: [] });
    const page = await env.call('kf/sync_msg', { open_kfid: KF, cursor: empty.next_cursor });
    expect(page.msg_list).toHaveLength(1);
    expect(page.has_more).toBe(0);
  });

  it('logs agent messages as origin 5 and events as origin 4', async () => {
    await env.ctl.customerEnter({ open_kfid: KF, external_userid: 'wmCustomer0002', scene: 'qr', scene_param: 'shop1' });
    await say(env, 'need a human', 'wmCustomer0002');
    await env.call('kf/service_state/trans', { open_kfid: KF, external_userid: 'wmCustomer0002', service_state: 3, servicer_userid: 'alice' });
    await env.ctl.agentReply({ open_kfid: KF, external_userid: 'wmCustomer0002', userid: 'alice', content: '我来了' });
    const { msg_list } = await env.call('kf/sync_msg', { open_kfid: KF });
    expect(msg_list.map((m) => m.origin)).toEqual([4, 3, 5]);
    expect(msg_list[0]).toMatchObject({ msgtype: 'event', event: { event_type: 'enter_session', open_kfid: KF, external_userid: 'wmCustomer0002', scene: 'qr', scene_param: 'shop1' } });
    expect(msg_list[2]).toMatchObject({ servicer_userid: 'alice', msgtype: 'text', text: { content: '我来了' } });
    const inbox = await env.ctl.inbox({ external_userid: 'wmCustomer0002' });
    expect(inbox.map((i) => [i.sender, i.text])).toEqual([['agent', '我来了']]);
  });
});

describe('wecom-sim customer inbox wait (/sim/customer/inbox/wait)', () => {
  it('wakes the waiter when a reply reaches that customer, not before', async () => {
    await say(env, 'hello');
    let settled = false;
    const waiting = env.ctl.waitInbox({ external_userid: 'wmCustomer0001', after: 0, timeout_ms: 30_000 }).finally(() => { settled = true; });
    await say(env, 'hello again', 'wmCustomer0002'); // another customer's traffic does not wake it
    await env.ctl.waitCallbacks();
    expect(settled).toBe(false);
    expect((await sendText(env, 'reply')).errcode).toBe(0);
    expect(await waiting).toEqual({ arrived: true, count: 1 });
    // already past `after`: at once; not yet, with no time to wait: false
    expect(await env.ctl.waitInbox({ external_userid: 'wmCustomer0001', after: 0 })).toEqual({ arrived: true, count: 1 });
    expect(await env.ctl.waitInbox({ external_userid: 'wmCustomer0001', after: 1, timeout_ms: 0 })).toEqual({ arrived: false, count: 1 });
  });

  it('refuses a wait without a customer or longer than a minute (400)', async () => {
    await expect(env.ctl.waitInbox({ external_userid: '' })).rejects.toMatchObject({ status: 400 });
    await expect(env.ctl.waitInbox({ external_userid: 'wmCustomer0001', timeout_ms: 3_600_000 })).rejects.toMatchObject({ status: 400 });
  });
});
