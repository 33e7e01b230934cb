/**
 * The README's configuration section, walked step by step against the simulator set up as a corp created in 2024 that
 * nobody has configured yet: after each console step the doctor's report changes exactly as the README says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doctorFor } from '../../../server/cli/doctor';
import { doctorExitCode, type DoctorLine } from '../../../server/core/doctor/run';
import { parseEnv } from '../../../server/app/env';
import { startSimulator, type RunningSimulator } from '../../../server/wecom-sim/index';
import { SimControlClient } from '../../../server/wecom-sim/control-client';

const KF = 'wkFreshCorpDesk1';
let sim: RunningSimulator;
let ctl: SimControlClient;
beforeAll(async () => {
  sim = await startSimulator({
    corpId: 'wwFresh2024', corpSecret: 'app-secret',
    corp: { createdAt: '2024-05-20', callable: { kf: false, checkin: false, externalcontact: false } },
    seed: {
      accounts: [{ open_kfid: KF, name: '咨询', apiManaged: false, servicers: [{ userid: 'chen', status: 'receiving' }] }],
      members: [{ userid: 'chen', name: '陈一' }], customers: [],
    },
  });
  ctl = new SimControlClient(sim.url);
});
afterAll(async () => { await sim.close(); });

const env: Record<string, string> = {};
const failing = (lines: DoctorLine[]) => lines.filter((l) => !l.ok).map((l) => [l.capability, l.errcode]);
const doctor = async (write = false) => doctorFor(parseEnv({ ...env, WECOM_API_BASE: sim.url }), write);

describe('README configuration, walked in a corp created in 2024', () => {
  it('the required variables alone: 微信客服 fails with 95017 (exit 1); profile card, attendance and 活码 are off', async () => {
    Object.assign(env, {
      WECOM_CORP_ID: 'wwFresh2024', WECOM_SECRET: 'app-secret', WECOM_AGENT_ID: '1000002', WECOM_CALLBACK_TOKEN: 'tok',
      WECOM_ENCODING_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', SESSION_SECRET: 'k'.repeat(40), PUBLIC_BASE_URL: 'https://cs.example.com',
    });
    const lines = await doctor();
    expect(failing(lines)).toEqual([['kf.account_list', 95017], ['contact.profile_card', 41004], ['checkin.read', 48002], ['externalcontact.read', 48002]]);
    expect(doctorExitCode(lines)).toBe(1);
  });

  it('step 2: the app chosen under 微信客服 → 通过API管理, then the account switched to it: 微信客服 passes', async () => {
    await ctl.setCorp({ callable: { kf: true } });
    expect(failing(await doctor())[0]).toEqual([`kf.servicer_list[${KF}]`, 95017]);
    await ctl.setAccountSettings({ open_kfid: KF, apiManaged: true });
    const lines = await doctor();
    expect(failing(lines).map(([c]) => c)).toEqual(['contact.profile_card', 'checkin.read', 'externalcontact.read']);
    expect(doctorExitCode(lines)).toBe(0);
  });

  it('step 3: the 通讯录同步 secret with API编辑通讯录 and 企业可信IP: the profile card passes, also with --write', async () => {
    await ctl.setCorp({ secrets: { contact: 'sync-secret' } });
    env.WECOM_CONTACT_SECRET = 'sync-secret';
    expect(failing(await doctor(true)).map(([c]) => c)).toEqual(['checkin.read', 'externalcontact.read']);
  });

  it('steps 4 and 5: the app added to 打卡 and 客户联系 「可调用应用」 (no secrets exist): everything passes', async () => {
    await ctl.setCorp({ callable: { checkin: true, externalcontact: true } });
    const lines = await doctor(true);
    expect(failing(lines)).toEqual([]);
    expect(doctorExitCode(lines)).toBe(0);
  });
});
