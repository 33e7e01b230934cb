import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../server/wecom-sim/index';
import { SimControlClient } from '../../../server/wecom-sim/control-client';
import { createWecomClient, type WecomClient } from '../../../server/channels/wecom-kf/client';
import { createLogger } from '../../../server/app/log';
import { systemClock } from '../../../server/app/clock';
import { WecomError } from '../../../server/core/errors';
import { DEMO_SIM_SEED, DEMO_KF } from '../../../server/app/demo/seed-data';

let sim: RunningSimulator;
let ctl: SimControlClient;
let wecom: WecomClient;
const customer = 'wmDemoCustomer0001';

beforeAll(async () => {
  sim = await startSimulator({ corpId: 'wwClientTest', corpSecret: 's3cret', secrets: { contact: 'c0ntacts' }, seed: DEMO_SIM_SEED });
  ctl = new SimControlClient(sim.url);
  wecom = createWecomClient({
    apiBase: sim.url, corpId: 'wwClientTest', agentId: 1000002, secrets: { main: 's3cret', contact: 'c0ntacts', external: 's3cret', checkin: 's3cret' },
    clock: systemClock, log: createLogger('silent'), backoffMs: 5,
  });
});
afterAll(async () => { await sim.close(); });

const errcodeOf = async (p: Promise<unknown>) => { try { await p; return 0; } catch (e) { return e instanceof WecomError ? e.errcode : NaN; } };

describe('WeCom client against the simulator', () => {
  it('surfaces a bad secret as WecomError 40001', async () => {
    const bad = createWecomClient({ apiBase: sim.url, corpId: 'wwClientTest', agentId: 1, secrets: { main: 'nope', contact: 'nope', external: 'nope', checkin: 'nope' }, clock: systemClock, log: createLogger('silent') });
    expect(await errcodeOf(bad.listKfAccounts())).toBe(40001);
  });

  it('shares one gettoken among concurrent first calls (single flight)', async () => {
    const before = (await ctl.state()).callCounts.gettoken ?? 0;
    const fresh = createWecomClient({ apiBase: sim.url, corpId: 'wwClientTest', agentId: 1, secrets: { main: 's3cret', contact: 's3cret', external: 's3cret', checkin: 's3cret' }, clock: systemClock, log: createLogger('silent') });
    await Promise.all([fresh.listKfAccounts(), fresh.listServicers(DEMO_KF.open_kfid), fresh.getJsapiTicket()]);
    expect((await ctl.state()).callCounts.gettoken).toBe(before + 1);
  });

  it('retries a transient refusal itself, while its `once` view (a job\'s network step) tries once — one token for both', async () => {
    const fresh = createWecomClient({ apiBase: sim.url, corpId: 'wwClientTest', agentId: 1, secrets: { main: 's3cret', contact: 's3cret', external: 's3cret', checkin: 's3cret' }, clock: systemClock, log: createLogger('silent'), backoffMs: 1 });
    const calls = async () => (await ctl.state()).callCounts['kf/servicer/list'] ?? 0;
    const tokens = async () => (await ctl.state()).callCounts.gettoken ?? 0;
    const tokensBefore = await tokens();
    await ctl.setFaults({ nextErrors: [{ path: 'kf/servicer/list', errcode: 45009, count: 1 }] });
    let before = await calls();
    expect(await errcodeOf(fresh.once.listServicers(DEMO_KF.open_kfid))).toBe(45009);
    expect(await calls()).toBe(before + 1);
    await ctl.setFaults({ nextErrors: [{ path: 'kf/servicer/list', errcode: 45009, count: 1 }] });
    before = await calls();
    expect(await errcodeOf(fresh.listServicers(DEMO_KF.open_kfid))).toBe(0);
    expect(await calls()).toBe(before + 2);
    expect(fresh.once.once).toBe(fresh.once);
    expect(await tokens()).toBe(tokensBefore + 1);
  });

  it('reads tickets for the JS-SDK', async () => {
    expect((await wecom.getJsapiTicket()).ticket).toMatch(/.+/);
    expect((await wecom.getAgentConfigTicket()).expires_in).toBe(7200);
  });

  it('exchanges an OAuth code once for the member userid (then 40029)', async () => {
    const { code } = await ctl.mintOauthCode({ userid: 'lisi' });
    expect(await wecom.getUserInfoByCode(code)).toMatchObject({ userid: 'lisi' });
    expect(await errcodeOf(wecom.getUserInfoByCode(code))).toBe(40029);
  });

  it('lists kf accounts, servicers, adds a contact way and looks up customers', async () => {
    expect((await wecom.listKfAccounts()).account_list).toEqual(expect.arrayContaining([expect.objectContaining({ open_kfid: DEMO_KF.open_kfid })]));
    expect((await wecom.listServicers(DEMO_KF.open_kfid)).servicer_list.map((s) => s.userid).sort()).toEqual(['lisi', 'wangwu', 'zhangsan']);
    expect((await wecom.addKfContactWay(DEMO_KF.open_kfid, 'night')).url).toMatch(/^https?:\/\//);
    await ctl.customerSend({ external_userid: customer, msgtype: 'text', content: '你好' });
    const got = await wecom.batchgetCustomers([customer, 'wmNobody']);
    expect(got.customer_list).toMatchObject([{ external_userid: customer, nickname: '小明' }]);
    expect(got.invalid_external_userid).toEqual(['wmNobody']);
  });

  it('adds and removes a servicer', async () => {
    const added = await wecom.addServicers(DEMO_KF.open_kfid, ['zhaoliu']);
    expect(added.result_list[0]).toMatchObject({ userid: 'zhaoliu' });
    await wecom.delServicers(DEMO_KF.open_kfid, ['zhaoliu']);
    expect((await wecom.listServicers(DEMO_KF.open_kfid)).servicer_list.map((s) => s.userid)).not.toContain('zhaoliu');
  });

  it('syncs messages, sends, reads and moves the session state', async () => {
    const page = await wecom.syncMsg({ open_kfid: DEMO_KF.open_kfid, limit: 1000 });
    expect(page.msg_list.some((m) => m.origin === 3 && m.external_userid === customer)).toBe(true);
    const sent = await wecom.sendMsg({ touser: customer, open_kfid: DEMO_KF.open_kfid, msgid: 'clientTest1', msgtype: 'text', text: { content: '收到' } });
    expect(sent.msgid).toBe('clientTest1');
    expect((await wecom.getServiceState(DEMO_KF.open_kfid, customer)).service_state).toBe(1); // the API sent: the smart assistant has it
    await wecom.transServiceState({ open_kfid: DEMO_KF.open_kfid, external_userid: customer, service_state: 3, servicer_userid: 'zhangsan' });
    expect(await wecom.getServiceState(DEMO_KF.open_kfid, customer)).toMatchObject({ service_state: 3, servicer_userid: 'zhangsan' });
    expect(await errcodeOf(wecom.sendMsg({ touser: customer, open_kfid: DEMO_KF.open_kfid, msgtype: 'text', text: { content: 'x' } }))).toBe(95018);
  });

  it('answers a welcome_code with send_msg_on_event once (then 95007)', async () => {
    const entered = await ctl.customerEnter({ external_userid: 'wmDemoCustomer0002', scene: 'qr' });
    const code = (entered as { welcome_code?: string }).welcome_code;
    expect(code).toBeTruthy();
    await wecom.sendMsgOnEvent({ code: code!, msgtype: 'text', text: { content: '欢迎' } });
    expect(await errcodeOf(wecom.sendMsgOnEvent({ code: code!, msgtype: 'text', text: { content: '欢迎' } }))).toBe(95007);
  });

  it('updates a member\'s external profile', async () => {
    await wecom.updateUser({ userid: 'zhangsan', external_profile: { external_attr: [{ type: 1, name: '状态', web: { url: 'https://example.com/w/x', title: '月球模式' } }] } });
    const m = (await ctl.state()).members.find((x) => x.userid === 'zhangsan');
    expect(m?.update_count).toBe(1);
  });

  it('creates, updates (same QR), reads, lists and deletes a contact way', async () => {
    const made = await wecom.addContactWay({ type: 2, scene: 2, user: ['zhangsan', 'lisi'], state: 'duty' });
    await wecom.updateContactWay({ config_id: made.config_id, user: ['wangwu'] });
    const got = await wecom.getContactWay(made.config_id);
    expect(got.contact_way).toMatchObject({ config_id: made.config_id, qr_code: made.qr_code, user: ['wangwu'] });
    expect((await wecom.listContactWays()).contact_way.map((w) => w.config_id)).toContain(made.config_id);
    await wecom.delContactWay(made.config_id);
    expect(await errcodeOf(wecom.getContactWay(made.config_id))).not.toBe(0);
  });

  it('reads attendance check-ins', async () => {
    const now = Math.floor(Date.now() / 1000);
    await ctl.recordCheckin({ userid: 'lisi', checkin_type: '下班打卡', checkin_time: now - 60 });
    const r = await wecom.getCheckinData({ starttime: now - 3600, endtime: now, useridlist: ['lisi'] });
    expect(r.checkindata).toMatchObject([{ userid: 'lisi', checkin_type: '下班打卡' }]);
  });

  it('sends an app message textcard to a member', async () => {
    const r = await wecom.sendTextCard(['lisi'], { title: '客户等待中', description: '<div class="highlight">已等待 10 分钟</div>', url: 'https://example.com/c/1', btntxt: '查看' });
    expect(r.errcode).toBe(0);
    expect((await ctl.state()).appMessages.at(-1)).toMatchObject({ touser: expect.stringContaining('lisi') });
  });

  it('reports a missing external contact relation', async () => {
    expect([84061, 40096]).toContain(await errcodeOf(wecom.getExternalContact('wmUnknownContact')));
  });
});
