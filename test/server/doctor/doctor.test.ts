import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { doctorFor } from '../../../server/cli/doctor';
import { doctorExitCode, type DoctorLine } from '../../../server/core/doctor/run';
import { parseEnv } from '../../../server/app/env';
import { startSimulator, type RunningSimulator, type SimOptions } from '../../../server/wecom-sim/index';
import { SimControlClient } from '../../../server/wecom-sim/control-client';

const CORP = 'wwDoctorCorp01';
const KF = 'wkDoctorDesk01';
let sim: RunningSimulator;
afterEach(async () => { await sim.close(); });

/** A real corp as the README's admin would set it up (created 2024, app listed everywhere) plus `over`. */
async function corp(over: Partial<SimOptions> = {}): Promise<SimControlClient> {
  sim = await startSimulator({
    corpId: CORP, corpSecret: 'app-secret', secrets: { contact: 'contacts-secret' },
    seed: {
      accounts: [{ open_kfid: KF, name: '售前', servicers: [{ userid: 'zhangsan', status: 'receiving' }] }],
      members: [{ userid: 'zhangsan', name: '张三' }], customers: [],
    },
    ...over,
  });
  return new SimControlClient(sim.url);
}

function liveEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    WECOM_CORP_ID: CORP, WECOM_SECRET: 'app-secret', WECOM_CONTACT_SECRET: 'contacts-secret', WECOM_AGENT_ID: '1000002',
    WECOM_CALLBACK_TOKEN: 'tok', WECOM_ENCODING_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
    SESSION_SECRET: 'x'.repeat(40), PUBLIC_BASE_URL: 'https://moonshift.example', WECOM_API_BASE: sim.url, ...extra,
  };
}

async function doctor(env: Record<string, string | undefined>, write = false): Promise<DoctorLine[]> {
  return doctorFor(parseEnv(env), write);
}
const line = (lines: DoctorLine[], capability: string) => lines.find((l) => l.capability === capability);

const KF_FIX = '管理后台 → 微信客服 → 通过API管理 → 选择 Moonshift 应用';
const KF_ACCOUNT_FIX = '该客服账号还未交给 Moonshift：管理后台 → 微信客服 → 通过API管理 → 选择 Moonshift 应用后，把这个客服账号也勾选为由 API 管理（每个账号都要勾选）';
const CONTACT_FIX = '管理后台 → 安全与管理 → 管理工具 → 通讯录同步：开启「API编辑通讯录」，把 Secret 填入 WECOM_CONTACT_SECRET，并把服务器出口 IP 加入「企业可信IP」';
const CHECKIN_FIX = '管理后台 → 应用管理 → 打卡 → API → 可调用接口的应用 → 添加 Moonshift（2023-12-01 前创建的企业也可把打卡 Secret 填入 WECOM_CHECKIN_SECRET）';
const EXTERNAL_FIX = '管理后台 → 客户与上下游 → 客户联系 → API → 可调用应用 → 添加 Moonshift（2023-12-01 前创建的企业也可把客户联系 Secret 填入 WECOM_EXTERNAL_CONTACT_SECRET）';

describe('doctor: a corp set up as the README says', () => {
  it('passes every capability and exits 0; --write re-sends the member\'s current profile unchanged', async () => {
    const ctl = await corp();
    const lines = await doctor(liveEnv(), true);
    expect(lines.filter((l) => !l.ok)).toEqual([]);
    expect(lines.map((l) => l.capability)).toEqual([
      'token.app', 'kf.account_list', `kf.servicer_list[${KF}]`, 'kf.servicers_activated', 'jssdk.tickets',
      'contact.profile_card', 'checkin.read', 'externalcontact.read',
    ]);
    expect(doctorExitCode(lines)).toBe(0);
    expect((await ctl.state()).members.find((m) => m.userid === 'zhangsan')).toMatchObject({ update_count: 1, external_profile: null });
  });

  it('does not write without --write', async () => {
    const ctl = await corp();
    await doctor(liveEnv());
    expect((await ctl.state()).callCounts['user/update']).toBeUndefined();
  });
});

describe('doctor: each first-day failure names its console fix', () => {
  it('95017: the app is not chosen under 微信客服 → 通过API管理 (required: exit 1)', async () => {
    const ctl = await corp();
    await ctl.setCorp({ callable: { kf: false } });
    const lines = await doctor(liveEnv());
    expect(line(lines, 'kf.account_list')).toEqual({
      capability: 'kf.account_list', required: true, ok: false, errcode: 95017, fix_zh: KF_FIX,
      fix_en: 'Admin console → 微信客服 → 通过API管理 → choose the Moonshift app',
    });
    expect(doctorExitCode(lines)).toBe(1);
  });

  it('95017: one account is not switched to API management', async () => {
    const ctl = await corp();
    await ctl.setAccountSettings({ open_kfid: KF, apiManaged: false });
    const lines = await doctor(liveEnv());
    // the app is chosen already: the fix names the account step, not the app step again
    expect(line(lines, `kf.servicer_list[${KF}]`)).toMatchObject({ required: true, ok: false, errcode: 95017, fix_zh: KF_ACCOUNT_FIX });
    expect(doctorExitCode(lines)).toBe(1);
  });

  it('profile card: no WECOM_CONTACT_SECRET (41004) — not required, exit 0', async () => {
    await corp();
    const lines = await doctor(liveEnv({ WECOM_CONTACT_SECRET: '' }));
    expect(line(lines, 'contact.profile_card')).toMatchObject({ required: false, ok: false, errcode: 41004, fix_zh: CONTACT_FIX });
    expect(doctorExitCode(lines)).toBe(0);
  });

  it('profile card: WECOM_CONTACT_SECRET is the app secret, which WeCom refuses for user/update (48002)', async () => {
    await corp();
    const lines = await doctor(liveEnv({ WECOM_CONTACT_SECRET: 'app-secret' }));
    expect(line(lines, 'contact.profile_card')).toMatchObject({ ok: false, errcode: 48002, fix_zh: CONTACT_FIX });
  });

  it('profile card with --write: 「API编辑通讯录」 off (48002), then the server is not a 企业可信IP (60020)', async () => {
    const ctl = await corp();
    await ctl.setCorp({ contactsApiEdit: false });
    expect(line(await doctor(liveEnv(), true), 'contact.profile_card')).toMatchObject({ ok: false, errcode: 48002, fix_zh: CONTACT_FIX });
    await ctl.setCorp({ contactsApiEdit: true, trustedIp: false });
    expect(line(await doctor(liveEnv(), true), 'contact.profile_card')).toMatchObject({
      ok: false, errcode: 60020, fix_zh: '管理后台 → 安全与管理 → 管理工具 → 通讯录同步 → 企业可信IP：加入服务器出口 IP',
    });
  });

  it('attendance and 活码 in a corp created after 2023-12-01: the app is not in 「可调用接口的应用」 (48002)', async () => {
    const ctl = await corp();
    await ctl.setCorp({ callable: { checkin: false, externalcontact: false } });
    const lines = await doctor(liveEnv());
    expect(line(lines, 'checkin.read')).toMatchObject({ required: false, ok: false, errcode: 48002, fix_zh: CHECKIN_FIX });
    expect(line(lines, 'externalcontact.read')).toMatchObject({ required: false, ok: false, errcode: 48002, fix_zh: EXTERNAL_FIX });
    expect(doctorExitCode(lines)).toBe(0);
  });

  it('attendance: a 打卡 secret copied into a corp created after 2023-12-01, which has none (40001)', async () => {
    await corp({ secrets: { contact: 'contacts-secret', checkin: 'old-checkin-secret' } });
    const lines = await doctor(liveEnv({ WECOM_CHECKIN_SECRET: 'old-checkin-secret' }));
    expect(line(lines, 'checkin.read')).toMatchObject({
      ok: false, errcode: 40001, fix_zh: `WECOM_CHECKIN_SECRET 不是本企业的 Secret（2023-12-01 之后创建的企业没有该 Secret）：删除该变量，改为 ${CHECKIN_FIX}`,
    });
  });

  it('a corp created before 2023-12-01 with its 打卡 and 客户联系 secrets passes without the callable lists', async () => {
    await corp({
      secrets: { contact: 'contacts-secret', checkin: 'checkin-secret', externalcontact: 'ec-secret' },
      corp: { createdAt: '2021-09-01', callable: { kf: true, checkin: false, externalcontact: false } },
    });
    const lines = await doctor(liveEnv({ WECOM_CHECKIN_SECRET: 'checkin-secret', WECOM_EXTERNAL_CONTACT_SECRET: 'ec-secret' }));
    expect(lines.filter((l) => !l.ok)).toEqual([]);
  });

  it('95014: a servicer who never activated WeCom is named in the fix', async () => {
    const ctl = await corp();
    await ctl.setMember({ userid: 'zhangsan', activated: false });
    const l = line(await doctor(liveEnv()), 'kf.servicers_activated');
    expect(l).toMatchObject({
      required: false, ok: false, errcode: 95014,
      fix_zh: '请未激活的接待人员用手机号登录企业微信完成激活（管理后台 → 通讯录 → 成员 → 邀请加入）。需要处理的成员：张三',
    });
    expect(l?.fix_en).toContain('Members concerned: 张三');
  });

  it('a wrong WECOM_SECRET fails the token and everything after it (exit 1)', async () => {
    await corp();
    const lines = await doctor(liveEnv({ WECOM_SECRET: 'typo' }));
    expect(line(lines, 'token.app')).toMatchObject({ required: true, ok: false, errcode: 40001 });
    expect(line(lines, 'token.app')?.fix_zh).toContain('应用管理 → 自建 → Moonshift → Secret');
    // with no 打卡 or 客户联系 secret set, their reads use the app's secret: the fix is the app secret, not "unset a variable"
    for (const c of ['checkin.read', 'externalcontact.read']) expect(line(lines, c)?.fix_zh).toContain('应用管理 → 自建 → Moonshift → Secret');
    expect(doctorExitCode(lines)).toBe(1);
  });
});

async function cli(env: Record<string, string | undefined>): Promise<{ code: number | null; lines: DoctorLine[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/main.ts', 'doctor'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  const code = await new Promise<number | null>((r) => child.on('close', r));
  return { code, lines: out.trim().split('\n').map((l) => JSON.parse(l) as DoctorLine) };
}

describe('doctor CLI', () => {
  it('in demo mode checks the embedded simulator\'s demo corp and exits 0', async () => {
    await corp();
    const { code, lines } = await cli({ PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'silent' });
    expect(code).toBe(0);
    expect(lines.length).toBeGreaterThanOrEqual(8);
    expect(lines.every((l) => l.ok)).toBe(true);
  });

  it('prints one JSON line per capability and exits 1 when a required one fails', async () => {
    const ctl = await corp();
    await ctl.setCorp({ callable: { kf: false } });
    const { code, lines } = await cli({ ...process.env, ...liveEnv() });
    expect(code).toBe(1);
    expect(lines.find((l) => l.capability === 'kf.account_list')).toMatchObject({ ok: false, errcode: 95017, fix_zh: KF_FIX });
    for (const l of lines) expect(Object.keys(l).every((k) => ['capability', 'required', 'ok', 'errcode', 'fix_zh', 'fix_en'].includes(k))).toBe(true);
  });
});
