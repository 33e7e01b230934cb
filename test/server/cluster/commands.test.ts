/**
 * @module `npm run sim` and `npm run serve` as operators run them: the standalone simulator process with the
 * product's WeCom variables, and a live-mode product process pointed at it (WECOM_API_BASE / WECOM_OAUTH_BASE)
 * that learns the demo corp's accounts and servicers from it and answers a customer over real HTTP.
 */
import { describe, it, expect } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimControlClient } from '../../../server/wecom-sim/control-client';
import { DEMO_CUSTOMERS, DEMO_KF } from '../../../server/app/demo/seed-data';
import { spawnScript } from '../../support/spawned';
import { waitFor } from '../../support/wait';

const CORP = {
  WECOM_CORP_ID: 'wwCommandsTest01', WECOM_SECRET: 'commands-test-secret', WECOM_AGENT_ID: '1000002',
  WECOM_CALLBACK_TOKEN: 'commandsToken', WECOM_ENCODING_AES_KEY: 'ZYXWVUTSRQPONMLKJIHGFEDCBA0123456789abcdefg',
};

describe('npm run sim + npm run serve', () => {
  it('a live product started without a build discovers the standalone simulator\'s accounts and servicers and answers its customer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'moonshift-commands-'));
    const sim = await spawnScript('sim', { ...CORP, SIM_PORT: '0' }, /WeCom simulator:\s+(\S+)/);
    let serve: Awaited<ReturnType<typeof spawnScript>> | undefined;
    try {
      const db = join(dir, 'live.db');
      serve = await spawnScript('serve', {
        ...CORP, PORT: '0', DATABASE_PATH: db, LOG_LEVEL: 'warn', WECOM_API_BASE: sim.match, WECOM_OAUTH_BASE: sim.match,
        SESSION_SECRET: 'commands-test-session-secret-0123456789', PUBLIC_BASE_URL: 'http://127.0.0.1', WEB_DIST: join(dir, 'no-web'),
      }, /Health:\s+(\S+)/);
      const url = serve.match.replace('/healthz', '');
      expect(serve.output()).toContain('live mode');
      const ctl = new SimControlClient(sim.match);
      await ctl.setCallback({ url: `${url}/wecom/callback` });

      const read = () => {
        const conn = new Database(db, { readonly: true });
        try {
          return {
            accounts: conn.prepare('select open_kfid, name from kf_accounts order by open_kfid').all(),
            servicers: conn.prepare('select open_kfid, userid, wecom_status from kf_servicers order by open_kfid, userid').all(),
            agents: conn.prepare('select userid, name from agents order by userid').all(),
          };
        } finally { conn.close(); }
      };
      const found = await waitFor(() => { const r = read(); return r.servicers.length === 5 ? r : undefined; }, { timeoutMs: 20_000, what: 'the directory read at start' });
      expect(found.accounts).toEqual([
        { open_kfid: 'wkMoonshiftDemo01', name: 'Moonshift 演示客服' }, { open_kfid: 'wkMoonshiftDemo02', name: 'Moonshift 售后' },
      ]);
      expect(found.agents).toContainEqual({ userid: 'zhangsan', name: '张三' });
      expect(found.agents).toContainEqual({ userid: 'sunqi', name: '孙七' });
      expect(found.servicers).toContainEqual({ open_kfid: 'wkMoonshiftDemo02', userid: 'zhouba', wecom_status: 0 });

      // a customer writes: the simulator's callback reaches the served product, which answers through the simulator
      const customer = DEMO_CUSTOMERS[0].external_userid;
      await ctl.customerSend({ external_userid: customer, open_kfid: DEMO_KF.open_kfid, msgtype: 'text', content: '你好，请问几点营业？' });
      const answered = await waitFor(async () => (await ctl.inbox({ external_userid: customer, open_kfid: DEMO_KF.open_kfid })).length > 0, { timeoutMs: 20_000, what: 'an answer in the customer\'s inbox' });
      expect(answered).toBe(true);
    } finally {
      serve?.stop();
      sim.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
