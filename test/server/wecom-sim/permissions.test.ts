import { afterEach, describe, expect, it } from 'vitest';
import { KF, KF2, say, setup, type Env } from './support';

let env: Env;
afterEach(async () => { await env.close(); });

const NOW_S = () => Math.floor(env.clock.t / 1000);
const checkin = (token?: string) => env.call('checkin/getcheckindata', { opencheckindatatype: 3, starttime: NOW_S() - 60, endtime: NOW_S(), useridlist: ['alice'] }, { token });
const listWays = (token?: string) => env.call('externalcontact/list_contact_way', {}, { token });
const profile = (attr: Record<string, unknown>) => ({ userid: 'alice', external_profile: { external_attr: [attr] } });
const webAttr = { type: 1, name: '值班', web: { url: 'https://moonshift.example/w/duty', title: '今日值班' } };

describe('wecom-sim permission controls', () => {
  it('answer 400 to a setting they do not know instead of ignoring it, and keep the corp as it was', async () => {
    env = await setup();
    const post = (path: string, body: unknown) => fetch(`${env.sim.url}/sim/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post('account/settings', { open_kfid: KF, apiMode: false })).status).toBe(400);
    expect((await post('corp', { callable: { kf: false, sms: true } })).status).toBe(400);
    expect((await post('member', { userid: 'bob', activated: false, extra: 1 })).status).toBe(400);
    // nothing changed: the app still reaches 微信客服 on the account
    expect((await env.call('kf/account/list', {})).errcode).toBe(0);
  });
});

describe('wecom-sim permissions: user/update (doc 90197)', () => {
  it('refuses the app secret with 48002 and accepts the 通讯录同步 secret', async () => {
    env = await setup();
    expect((await env.call('user/update', profile(webAttr))).errcode).toBe(48002);
    expect((await env.call('user/update', profile(webAttr), { token: await env.tokenFor('contact-secret') })).errcode).toBe(0);
  });

  it('refuses a contacts secret without 「API编辑通讯录」 (48002) or from an IP that is not 企业可信IP (60020)', async () => {
    env = await setup();
    const token = await env.tokenFor('contact-secret');
    await env.ctl.setCorp({ contactsApiEdit: false });
    expect((await env.call('user/update', profile(webAttr), { token })).errcode).toBe(48002);
    await env.ctl.setCorp({ contactsApiEdit: true, trustedIp: false });
    expect((await env.call('user/update', profile(webAttr), { token })).errcode).toBe(60020);
  });

  it('takes only http(s) web.url and mini-program titles of at most 12 characters', async () => {
    env = await setup();
    const token = await env.tokenFor('contact-secret');
    expect((await env.call('user/update', profile({ ...webAttr, web: { url: 'weixin://dl/x', title: '值班' } }), { token })).errcode).toBe(40058);
    const mp = (title: string) => profile({ type: 2, name: '小程序', miniprogram: { appid: 'wx1234', pagepath: '/index', title } });
    expect((await env.call('user/update', mp('一二三四五六七八九十一二三'), { token })).errcode).toBe(40058);
    expect((await env.call('user/update', mp('一二三四五六七八九十一二'), { token })).errcode).toBe(0);
  });

  it('answers user/get with status 1 for an activated member and 4 for one who never joined', async () => {
    env = await setup();
    await env.ctl.setMember({ userid: 'bob', activated: false });
    expect(await env.call('user/get?userid=alice')).toMatchObject({ errcode: 0, userid: 'alice', status: 1 });
    expect(await env.call('user/get?userid=bob')).toMatchObject({ errcode: 0, status: 4 });
  });
});

describe('wecom-sim permissions: a corp created after 2023-12-01 (doc 94661, 90262, 92228)', () => {
  it('has no 打卡 / 客户联系 / 微信客服 system secrets: gettoken answers 40001', async () => {
    env = await setup({ secrets: { contact: 'contact-secret', checkin: 'checkin-secret', externalcontact: 'ec-secret', kf: 'kf-secret' } });
    for (const s of ['checkin-secret', 'ec-secret', 'kf-secret']) await expect(env.tokenFor(s)).rejects.toThrow(/40001/);
    await expect(env.tokenFor('contact-secret')).resolves.toBeTruthy();
  });

  it('lets the app call checkin and externalcontact only while it is listed as callable (48002 otherwise)', async () => {
    env = await setup();
    expect((await checkin()).errcode).toBe(0);
    expect((await listWays()).errcode).toBe(0);
    await env.ctl.setCorp({ callable: { checkin: false, externalcontact: false } });
    expect((await checkin()).errcode).toBe(48002);
    expect((await listWays()).errcode).toBe(48002);
  });

  it('answers 95017 to every kf call when the app is not in 微信客服「可调用接口的应用」', async () => {
    env = await setup();
    await env.ctl.setCorp({ callable: { kf: false } });
    expect((await env.call('kf/account/list', {})).errcode).toBe(95017);
    expect((await env.call(`kf/servicer/list?open_kfid=${KF}`)).errcode).toBe(95017);
  });

  it('answers 95017 for an account not switched to 通过API管理, and says so in account/list', async () => {
    env = await setup();
    await env.ctl.setAccountSettings({ open_kfid: KF2, apiManaged: false });
    const list = await env.call('kf/account/list', {});
    expect((list.account_list as { open_kfid: string; manage_privilege: boolean }[]).map((a) => [a.open_kfid, a.manage_privilege])).toEqual([[KF, true], [KF2, false]]);
    expect((await env.call(`kf/servicer/list?open_kfid=${KF2}`)).errcode).toBe(95017);
    expect((await env.call('kf/sync_msg', { open_kfid: KF2 })).errcode).toBe(95017);
    expect((await env.call(`kf/servicer/list?open_kfid=${KF}`)).errcode).toBe(0);
  });

  it('refuses other secrets on the app-only APIs (message/send, tickets) with 48002', async () => {
    env = await setup();
    const token = await env.tokenFor('contact-secret');
    expect((await env.call('get_jsapi_ticket', undefined, { token })).errcode).toBe(48002);
    expect((await env.call('checkin/getcheckindata', { opencheckindatatype: 3, starttime: NOW_S() - 60, endtime: NOW_S(), useridlist: ['alice'] }, { token })).errcode).toBe(48002);
  });
});

describe('wecom-sim permissions: a corp created before 2023-12-01', () => {
  it('accepts the 打卡, 客户联系 and 微信客服 system secrets even when the app is listed nowhere', async () => {
    env = await setup({
      secrets: { contact: 'contact-secret', checkin: 'checkin-secret', externalcontact: 'ec-secret', kf: 'kf-secret' },
      corp: { createdAt: '2022-06-01', callable: { kf: false, checkin: false, externalcontact: false } },
    });
    expect((await checkin(await env.tokenFor('checkin-secret'))).errcode).toBe(0);
    expect((await listWays(await env.tokenFor('ec-secret'))).errcode).toBe(0);
    expect((await env.call('kf/account/list', {}, { token: await env.tokenFor('kf-secret') })).errcode).toBe(0);
    expect((await checkin()).errcode).toBe(48002);
    expect((await env.call('kf/account/list', {})).errcode).toBe(95017);
    // each system secret opens its own APIs only
    expect((await listWays(await env.tokenFor('checkin-secret'))).errcode).toBe(48002);
  });
});

describe('wecom-sim errcodes: 95014, 95015, 81013 and the native 欢迎语', () => {
  it('answers 95014 when a session is moved to a servicer who never activated WeCom', async () => {
    env = await setup();
    await say(env, '你好');
    await env.ctl.setMember({ userid: 'alice', activated: false });
    const trans = (userid: string) => env.call('kf/service_state/trans', { open_kfid: KF, external_userid: 'wmCustomer0001', service_state: 3, servicer_userid: userid });
    expect((await trans('alice')).errcode).toBe(95014);
    await env.ctl.setMember({ userid: 'alice', activated: true });
    expect((await trans('alice')).errcode).toBe(0);
  });

  it('answers 95015 to servicer/add and servicer/del when reception is configured in the console', async () => {
    env = await setup();
    await env.ctl.setAccountSettings({ open_kfid: KF, consoleReception: true });
    expect((await env.call('kf/servicer/add', { open_kfid: KF, userid_list: ['dave'] })).errcode).toBe(95015);
    expect((await env.call('kf/servicer/del', { open_kfid: KF, userid_list: ['alice'] })).errcode).toBe(95015);
  });

  it('answers 81013 when every message/send recipient is invalid, and lists the invalid ones otherwise', async () => {
    env = await setup();
    const card = { title: '提醒', description: '客户等待', url: 'https://x/', btntxt: '查看' };
    const send = (touser: string) => env.call('message/send', { touser, msgtype: 'textcard', agentid: 1000002, textcard: card });
    expect((await send('ghost|nobody')).errcode).toBe(81013);
    expect(await send('alice|ghost')).toMatchObject({ errcode: 0, invaliduser: 'ghost' });
  });

  it('sends a native 欢迎语 itself and leaves welcome_code out of enter_session', async () => {
    env = await setup();
    await env.ctl.setAccountSettings({ open_kfid: KF, nativeWelcome: '您好，欢迎咨询' });
    const entered = await env.ctl.customerEnter({ open_kfid: KF, external_userid: 'wmCustomer0002', scene: 'poster' });
    expect(entered.welcome_code).toBeUndefined();
    const inbox = await env.ctl.inbox({ external_userid: 'wmCustomer0002' });
    expect(inbox.map((m) => [m.sender, m.text])).toEqual([['console', '您好，欢迎咨询']]);
    await env.ctl.setAccountSettings({ open_kfid: KF, nativeWelcome: null });
    const other = await env.ctl.customerEnter({ open_kfid: KF, external_userid: 'wmCustomer0001', scene: 'poster' });
    expect(other.welcome_code).toBeTruthy();
  });
});
