import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KF, say, setup, type Env } from './support';

let env: Env;
beforeEach(async () => { env = await setup(); });
afterEach(async () => { await env.close(); });

const card = { title: '升级提醒', description: '<div class="highlight">客户等待 10 分钟</div>', url: 'http://x/', btntxt: '查看' };
const appMsg = (touser: string) => env.call('message/send', { touser, msgtype: 'textcard', agentid: 1000002, textcard: card });

describe('wecom-sim message/send', () => {
  it('delivers up to 30 per member per minute and silently drops the excess, recording it', async () => {
    for (let i = 0; i < 31; i++) expect(await appMsg('alice|bob')).toMatchObject({ errcode: 0, invaliduser: '' });
    const { appMessages } = await env.ctl.state();
    expect(appMessages.slice(0, 30).every((m) => m.delivered.length === 2)).toBe(true);
    expect(appMessages[30]).toMatchObject({ delivered: [], dropped: ['alice', 'bob'] });
    env.clock.advance(60_001);
    await appMsg('alice');
    expect((await env.ctl.state()).appMessages[31]).toMatchObject({ delivered: ['alice'] });
  });

  it('drops past 1000 per member per hour even when each minute stays under 30', async () => {
    for (let i = 0; i <= 1000; i++) {
      if (i > 0 && i % 30 === 0) env.clock.advance(60_001);
      await appMsg('alice');
    }
    const { appMessages } = await env.ctl.state();
    expect(appMessages.filter((m) => m.dropped.length > 0).map((m) => appMessages.indexOf(m))).toEqual([1000]);
    env.clock.advance(3600_000);
    await appMsg('alice');
    expect((await env.ctl.state()).appMessages.at(-1)).toMatchObject({ delivered: ['alice'] });
  }, 60_000);

  it('reports unknown members as invaliduser and checks agentid and sizes', async () => {
    expect(await appMsg('alice|ghost')).toMatchObject({ errcode: 0, invaliduser: 'ghost' });
    expect((await env.call('message/send', { touser: 'alice', msgtype: 'textcard', agentid: 1, textcard: card })).errcode).toBe(40056);
    expect((await env.call('message/send', { touser: 'alice', msgtype: 'textcard', agentid: 1000002, textcard: { ...card, title: '长'.repeat(43) } })).errcode).toBe(40058);
  });
});

describe('wecom-sim contact ways', () => {
  it('keeps config_id and qr_code when a code is updated to whoever is on duty, and counts updates', async () => {
    const added = await env.call('externalcontact/add_contact_way', { type: 1, scene: 2, state: 'duty', user: ['alice'] });
    expect(added).toMatchObject({ errcode: 0, config_id: expect.any(String), qr_code: expect.any(String) });
    expect((await env.call('externalcontact/update_contact_way', { config_id: added.config_id, user: ['bob'] })).errcode).toBe(0);
    const got = await env.call('externalcontact/get_contact_way', { config_id: added.config_id });
    expect(got.contact_way).toMatchObject({ config_id: added.config_id, qr_code: added.qr_code, user: ['bob'], state: 'duty', type: 1, scene: 2 });
    expect((await env.ctl.state()).contactWayUpdates).toBe(1);
    expect((await env.call('externalcontact/update_contact_way', { config_id: added.config_id, user: ['alice', 'bob'] })).errcode).toBe(40058);
    expect((await env.call('externalcontact/list_contact_way', {})).contact_way).toEqual([{ config_id: added.config_id }]);
    expect((await env.call('externalcontact/del_contact_way', { config_id: added.config_id })).errcode).toBe(0);
    expect((await env.call('externalcontact/get_contact_way', { config_id: added.config_id })).errcode).toBe(40058);
  });

  it('picks among the users of a multi-user code round robin and creates the contact relation', async () => {
    const { config_id } = await env.call('externalcontact/add_contact_way', { type: 2, scene: 2, user: ['alice', 'bob'] });
    expect((await env.ctl.scanContactWay({ config_id, external_userid: 'wmContact01', name: '访客' })).userid).toBe('alice');
    expect((await env.ctl.scanContactWay({ config_id, external_userid: 'wmContact02' })).userid).toBe('bob');
    expect(await env.call('externalcontact/get?external_userid=wmContact01')).toMatchObject({
      errcode: 0, external_contact: { external_userid: 'wmContact01', name: '访客' }, follow_user: [{ userid: 'alice' }],
    });
    expect((await env.call('externalcontact/get?external_userid=wmCustomer0001')).errcode).toBe(84061);
    expect((await env.call('externalcontact/get?external_userid=garbage')).errcode).toBe(40096);
  });
});

describe('wecom-sim members, attendance, kf accounts and customers', () => {
  it('stores the external_profile per member and counts updates', async () => {
    const profile = { external_attr: [{ type: 1, name: '值班', web: { url: 'http://x/wall', title: '今日值班' } }] };
    const token = await env.tokenFor('contact-secret');
    expect((await env.call('user/update', { userid: 'alice', external_profile: profile }, { token })).errcode).toBe(0);
    expect((await env.call('user/update', { userid: 'ghost', external_profile: profile }, { token })).errcode).toBe(60111);
    expect((await env.call('user/update', { userid: 'alice', external_profile: { external_attr: [{ type: 0, name: 'x', text: { value: 'y'.repeat(33) } }] } }, { token })).errcode).toBe(40058);
    const alice = (await env.ctl.state()).members.find((m) => m.userid === 'alice');
    expect(alice).toMatchObject({ external_profile: profile, update_count: 1 });
  });

  it('returns recorded check-ins within the span, ≤ 30 days and ≤ 100 users', async () => {
    const t = Math.floor(env.clock.t / 1000);
    await env.ctl.recordCheckin({ userid: 'alice', checkin_type: '上班打卡' });
    await env.ctl.recordCheckin({ userid: 'bob', checkin_type: '外出打卡', checkin_time: t - 100 });
    const all = await env.call('checkin/getcheckindata', { opencheckindatatype: 3, starttime: t - 3600, endtime: t, useridlist: ['alice', 'bob'] });
    expect(all.checkindata.map((r) => [r.userid, r.checkin_type])).toEqual([['alice', '上班打卡'], ['bob', '外出打卡']]);
    const onDuty = await env.call('checkin/getcheckindata', { opencheckindatatype: 1, starttime: t - 3600, endtime: t, useridlist: ['alice', 'bob'] });
    expect(onDuty.checkindata).toHaveLength(1);
    expect((await env.call('checkin/getcheckindata', { opencheckindatatype: 3, starttime: t - 31 * 86400, endtime: t, useridlist: ['alice'] })).errcode).toBe(40058);
    const many = Array.from({ length: 101 }, (_, i) => `u${i}`);
    expect((await env.call('checkin/getcheckindata', { opencheckindatatype: 3, starttime: t - 60, endtime: t, useridlist: many })).errcode).toBe(40058);
  });

  it('lists accounts, makes contact links and manages servicers', async () => {
    expect((await env.call('kf/account/list', { offset: 0, limit: 1 })).account_list).toEqual([{ open_kfid: KF, name: '测试客服', avatar: '', manage_privilege: true }]);
    expect((await env.call('kf/add_contact_way', { open_kfid: KF, scene: 'poster_1' })).url).toMatch(/^https:\/\/work\.weixin\.qq\.com\/kfid\/kfc\w+\?enc_scene=/);
    const add = await env.call('kf/servicer/add', { open_kfid: KF, userid_list: ['dave', 'ghost'] });
    expect(add.result_list.map((r) => [r.userid, r.errcode])).toEqual([['dave', 0], ['ghost', 60111]]);
    const del = await env.call('kf/servicer/del', { open_kfid: KF, userid_list: ['dave'] });
    expect(del.result_list[0]?.errcode).toBe(0);
    expect((await env.call('kf/servicer/list?open_kfid=wkNoSuchAccount')).errcode).toBe(95004);
  });

  it('returns customers active in the last 48 h and lists the others as invalid', async () => {
    await env.ctl.customerEnter({ open_kfid: KF, external_userid: 'wmCustomer0001', scene: 's1', scene_param: 'p' });
    await say(env, 'hi', 'wmCustomer0002');
    env.clock.advance(47 * 3600_000);
    await say(env, 'again', 'wmCustomer0002');
    env.clock.advance(2 * 3600_000);
    const res = await env.call('kf/customer/batchget', { external_userid_list: ['wmCustomer0001', 'wmCustomer0002', 'wmNobody'], need_enter_session_context: 1 });
    expect(res.customer_list).toEqual([expect.objectContaining({ external_userid: 'wmCustomer0002', nickname: '客户二' })]);
    expect(res.invalid_external_userid).toEqual(['wmCustomer0001', 'wmNobody']);
    const tooMany = Array.from({ length: 101 }, (_, i) => `wm${i}`);
    expect((await env.call('kf/customer/batchget', { external_userid_list: tooMany })).errcode).toBe(40058);
  });
});
