import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KF, KF2, say, sendText, setup, type Env } from './support';

let env: Env;
beforeEach(async () => { env = await setup(); });
afterEach(async () => { await env.close(); });

const C = 'wmCustomer0001';
const trans = (service_state: number, servicer_userid?: string, open_kfid = KF) =>
  env.call('kf/service_state/trans', { open_kfid, external_userid: C, service_state, ...(servicer_userid ? { servicer_userid } : {}) });
const get = (open_kfid = KF) => env.call('kf/service_state/get', { open_kfid, external_userid: C });

describe('wecom-sim kf/service_state', () => {
  it('reads 4 (not started) before the customer writes, 0 once they do, and reports servicer_userid', async () => {
    expect(await get()).toMatchObject({ errcode: 0, service_state: 4, servicer_userid: '' });
    expect((await trans(1)).errcode).toBe(95013);
    await say(env, 'hi');
    expect(await get()).toMatchObject({ errcode: 0, service_state: 0, servicer_userid: '' });
    expect((await trans(1)).msg_code).toBeUndefined();
    expect(await trans(3, 'alice')).toMatchObject({ errcode: 0, msg_code: expect.any(String) });
    expect(await get()).toMatchObject({ service_state: 3, servicer_userid: 'alice' });
  });

  it('returns a msg_code on the first move into the pool only, and on ending', async () => {
    await say(env, 'hi');
    const pool = await trans(2);
    expect(pool.msg_code).toEqual(expect.any(String));
    expect(await env.call('kf/send_msg_on_event', { code: pool.msg_code, msgtype: 'text', text: { content: '请稍候' } })).toMatchObject({ errcode: 0 });
    const human = await trans(3, 'alice');
    expect(human.msg_code).toEqual(expect.any(String));
    await env.ctl.setServicerStatus({ userid: 'bob', status: 'receiving' });
    const moved = await trans(3, 'bob');
    expect(moved).toMatchObject({ errcode: 0 });
    expect(moved.msg_code).toBeUndefined();
    const end = await trans(4);
    expect(end.msg_code).toEqual(expect.any(String));
  });

  it('allows only 0 → 1/2/3, 1 → 2/3, 2 → 3, 3 → another servicer or 4: else 95016; an ended session 95013', async () => {
    await say(env, 'hi');
    expect((await trans(4)).errcode).toBe(95016);
    expect((await trans(0)).errcode).toBe(95016);
    expect((await trans(1)).errcode).toBe(0);
    expect((await trans(1)).errcode).toBe(95016);
    expect((await trans(4)).errcode).toBe(95016);
    expect((await trans(2)).errcode).toBe(0);
    expect((await trans(1)).errcode).toBe(95016);
    expect((await trans(0)).errcode).toBe(95016);
    expect((await trans(4)).errcode).toBe(95016);
    expect((await trans(3, 'alice')).errcode).toBe(0);
    expect((await trans(3, 'alice')).errcode).toBe(95016);
    expect((await trans(2)).errcode).toBe(95016);
    expect((await trans(4)).errcode).toBe(0);
    expect((await trans(1)).errcode).toBe(95013);
    expect((await trans(3, 'alice')).errcode).toBe(95013);
  });

  it('needs a 接待中 servicer to move to 3: 95019 stopped or paused, 95014 not a servicer', async () => {
    await say(env, 'hi');
    expect((await trans(3, 'bob')).errcode).toBe(95019);
    expect((await trans(3, 'carol')).errcode).toBe(95019);
    expect((await trans(3, 'dave')).errcode).toBe(95014);
    expect((await trans(3)).errcode).toBe(95014);
    expect(await get()).toMatchObject({ service_state: 0 });
    await env.ctl.setServicerStatus({ userid: 'bob', status: 'receiving' });
    expect((await trans(3, 'bob')).errcode).toBe(0);
  });

  it('auto-assigns new sessions to a 接待中 servicer when the account is not in API mode (the 95018 trap)', async () => {
    const sent = await say(env, 'hi', C, KF2);
    expect(sent).toMatchObject({ service_state: 3, servicer_userid: 'alice' });
    expect(await get(KF2)).toMatchObject({ service_state: 3, servicer_userid: 'alice' });
    expect((await sendText(env, 'bot', { open_kfid: KF2 })).errcode).toBe(95018);
    await env.ctl.setApiMode({ open_kfid: KF2, apiMode: true });
    await say(env, 'hi', 'wmCustomer0002', KF2);
    expect((await env.call('kf/service_state/get', { open_kfid: KF2, external_userid: 'wmCustomer0002' })).service_state).toBe(0);
  });

  it('leaves a session at 0 when the account is not in API mode but nobody is 接待中', async () => {
    await env.ctl.setServicerStatus({ userid: 'alice', status: 'stopped' });
    expect(await say(env, 'hi', C, KF2)).toMatchObject({ service_state: 0 });
  });

  it('ends a session lazily 48 h after it began, even if the customer wrote since; the next message starts a new one', async () => {
    await say(env, 'hi');
    await trans(3, 'alice');
    env.clock.advance(47 * 3600_000);
    await say(env, 'still there?');
    expect(await get()).toMatchObject({ service_state: 3, servicer_userid: 'alice' });
    env.clock.advance(3600_000 + 1);
    expect((await get()).service_state).toBe(4);
    const before = (await env.ctl.state()).sessions.find((s) => s.external_userid === C)!;
    await say(env, 'hello again');
    expect(await get()).toMatchObject({ service_state: 0, servicer_userid: '' });
    const after = (await env.ctl.state()).sessions.find((s) => s.external_userid === C)!;
    expect(after.session_id).not.toBe(before.session_id);
    expect(after.session_started_at).toBe(env.clock.t);
  });
});

describe('wecom-sim agent actions', () => {
  it('takes from the pool and ends with session_status_change events carrying msg_code', async () => {
    await say(env, 'hi');
    await trans(2);
    const taken = await env.ctl.agentSession({ open_kfid: KF, external_userid: C, userid: 'alice', action: 'take' });
    expect(taken).toMatchObject({ service_state: 3, msg_code: expect.any(String) });
    const ended = await env.ctl.agentSession({ open_kfid: KF, external_userid: C, userid: 'alice', action: 'end' });
    expect(ended).toMatchObject({ service_state: 4, msg_code: expect.any(String) });
    const events = (await env.call('kf/sync_msg', { open_kfid: KF })).msg_list.filter((m) => m.event?.event_type === 'session_status_change');
    expect(events.map((e) => e.event)).toEqual([
      { event_type: 'session_status_change', open_kfid: KF, external_userid: C, change_type: 1, old_servicer_userid: '', new_servicer_userid: 'alice', msg_code: taken.msg_code },
      { event_type: 'session_status_change', open_kfid: KF, external_userid: C, change_type: 3, old_servicer_userid: 'alice', new_servicer_userid: '', msg_code: ended.msg_code },
    ]);
    expect((await env.call('kf/send_msg_on_event', { code: ended.msg_code, msgtype: 'text', text: { content: 'bye' } })).errcode).toBe(0);
  });

  it('transfers and re-opens, refusing what an agent cannot do', async () => {
    await say(env, 'hi');
    await expect(env.ctl.agentSession({ open_kfid: KF, external_userid: C, userid: 'alice', action: 'take' })).rejects.toMatchObject({ status: 409 });
    await trans(3, 'alice');
    await expect(env.ctl.agentSession({ open_kfid: KF, external_userid: C, userid: 'alice', action: 'transfer', to_userid: 'bob' }))
      .rejects.toMatchObject({ status: 409, code: 'wecom_95019' });
    await env.ctl.setServicerStatus({ userid: 'bob', status: 'receiving' });
    expect(await env.ctl.agentSession({ open_kfid: KF, external_userid: C, userid: 'alice', action: 'transfer', to_userid: 'bob' })).toMatchObject({ service_state: 3 });
    await expect(env.ctl.agentReply({ open_kfid: KF, external_userid: C, userid: 'alice', content: 'x' })).rejects.toMatchObject({ status: 409 });
    await env.ctl.agentSession({ open_kfid: KF, external_userid: C, userid: 'bob', action: 'end' });
    expect(await env.ctl.agentSession({ open_kfid: KF, external_userid: C, userid: 'bob', action: 'reopen' })).toMatchObject({ service_state: 3 });
    expect(await get()).toMatchObject({ service_state: 3, servicer_userid: 'bob' });
  });

  it('emits servicer_status_change with 1/2 and stop_type on each account of the servicer', async () => {
    await env.ctl.setServicerStatus({ userid: 'alice', status: 'paused' });
    await env.ctl.setServicerStatus({ userid: 'alice', status: 'receiving' });
    const events = (await env.call('kf/sync_msg', { open_kfid: KF })).msg_list.map((m) => m.event);
    expect(events).toEqual([
      { event_type: 'servicer_status_change', open_kfid: KF, servicer_userid: 'alice', status: 2, stop_type: 1 },
      { event_type: 'servicer_status_change', open_kfid: KF, servicer_userid: 'alice', status: 1 },
    ]);
    expect((await env.call('kf/sync_msg', { open_kfid: KF2 })).msg_list).toHaveLength(2);
    const list = await env.call(`kf/servicer/list?open_kfid=${KF}`);
    expect(list.servicer_list).toEqual([
      { userid: 'alice', status: 0 }, { userid: 'bob', status: 1, stop_type: 0 }, { userid: 'carol', status: 1, stop_type: 1 },
    ]);
  });
});
