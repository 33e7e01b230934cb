import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startProduct, type TestProduct } from '../../support/product';
import { signIn } from '../../support/auth';
import { startMoonshift } from '../../../server/app/start';
import { startSimulator } from '../../../server/wecom-sim/index';
import { SimControlClient } from '../../../server/wecom-sim/control-client';
import { DEMO_KF, DEMO_SIM_SEED } from '../../../server/app/demo/seed-data';
import type { DoctorLine } from '../../../server/core/doctor/run';
import type { SetupWarning } from '../../../server/core/services/setup-warnings';

interface Setup { checkedAt: string | null; running: boolean; capabilities: DoctorLine[] }

let p: TestProduct;
afterEach(async () => { await p.stop(); });

const setup = async (cookie: string, run = false): Promise<Setup> => {
  const res = await fetch(`${p.url}/api/admin/diagnostics/setup${run ? '/run' : ''}`, {
    method: run ? 'POST' : 'GET', headers: { cookie, ...(run ? { origin: p.url } : {}) },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Setup;
};
/** Diagnostics' one list of warnings no API can show, here only the native 欢迎语 ones (holidays have their own tests). */
const welcomeWarnings = async (cookie: string): Promise<SetupWarning[]> => {
  const res = await fetch(`${p.url}/api/admin/diagnostics/warnings`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { warnings: SetupWarning[] }).warnings.filter((w) => w.code === 'native_welcome');
};

describe('diagnostics: the setup check on the admin page', () => {
  it('runs the doctor\'s read-only checks on demand and names the console fix of a failure', async () => {
    p = await startProduct();
    const admin = await signIn(p.url, 'wangwu');
    expect(await setup(admin)).toMatchObject({ checkedAt: null, capabilities: [] });
    const first = await setup(admin, true);
    expect(first.capabilities.length).toBeGreaterThanOrEqual(8);
    expect(first.capabilities.filter((c) => !c.ok)).toEqual([]);
    await p.sim.setCorp({ callable: { kf: false } });
    const second = await setup(admin, true);
    expect(second.capabilities.find((c) => c.capability === 'kf.account_list')).toMatchObject({
      ok: false, errcode: 95017, fix_zh: '管理后台 → 微信客服 → 通过API管理 → 选择 Moonshift 应用',
    });
  });

  it('warns about a native 欢迎语 inferred from enter_session without welcome_code, and clears once codes come back', async () => {
    p = await startProduct();
    const admin = await signIn(p.url, 'wangwu');
    await p.sim.setAccountSettings({ open_kfid: DEMO_KF.open_kfid, nativeWelcome: '您好，这里是后台欢迎语' });
    await p.sim.customerEnter({ external_userid: 'wmNewCustomer01', scene: 'qr' });
    await p.travel!.settle();
    const inbox = await p.sim.inbox({ external_userid: 'wmNewCustomer01' });
    expect(inbox.map((m) => m.sender)).toEqual(['console']); // Moonshift's welcome never went out
    const warned = await welcomeWarnings(admin);
    expect(warned).toEqual([expect.objectContaining({ code: 'native_welcome', team: DEMO_KF.open_kfid })]);
    expect(warned[0]!.zh).toContain(`「${DEMO_KF.name}」在微信客服后台设置了欢迎语`);

    await p.sim.setAccountSettings({ open_kfid: DEMO_KF.open_kfid, nativeWelcome: null });
    await p.sim.customerEnter({ external_userid: 'wmNewCustomer02', scene: 'qr' });
    await p.travel!.settle();
    expect(await welcomeWarnings(admin)).toEqual([]);
  });

  it('gives no warning for a returning customer who simply gets no new code', async () => {
    p = await startProduct();
    const admin = await signIn(p.url, 'wangwu');
    await p.sim.customerSend({ external_userid: 'wmDemoCustomer0001', msgtype: 'text', content: '你好' });
    await p.travel!.settle();
    await p.sim.customerEnter({ external_userid: 'wmDemoCustomer0001', scene: 'qr' });
    await p.travel!.settle();
    expect(await welcomeWarnings(admin)).toEqual([]);
  });
});

describe('live start: the setup check runs in the background', () => {
  it('does not block start, and diagnostics shows what failed', async () => {
    const sim = await startSimulator({ corpId: 'wwLiveCorp01', corpSecret: 'live-secret', seed: DEMO_SIM_SEED });
    await new SimControlClient(sim.url).setCorp({ callable: { kf: false } });
    const dir = mkdtempSync(join(tmpdir(), 'moonshift-live-'));
    const app = await startMoonshift({
      PORT: '0', DATABASE_PATH: join(dir, 'm.db'), LOG_LEVEL: 'silent', WECOM_CORP_ID: 'wwLiveCorp01', WECOM_SECRET: 'live-secret',
      WECOM_AGENT_ID: '1000002', WECOM_CALLBACK_TOKEN: 'tok', WECOM_ENCODING_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
      SESSION_SECRET: 's'.repeat(40), PUBLIC_BASE_URL: 'https://moonshift.example', WECOM_API_BASE: sim.url,
    });
    p = { ...app, stop: async () => { await app.close(); await sim.close(); rmSync(dir, { recursive: true, force: true }); } } as unknown as TestProduct;
    expect(app.setupCheck.report().running).toBe(true); // started, not awaited by start
    await app.setupCheck.run(); // joins the run under way
    const report = app.setupCheck.report();
    expect(report.checkedAt).not.toBeNull();
    expect(report.capabilities.find((c) => c.capability === 'kf.account_list')).toMatchObject({ ok: false, errcode: 95017 });
    expect(report.capabilities.find((c) => c.capability === 'contact.profile_card')).toMatchObject({ ok: false, errcode: 41004 });
  });
});
