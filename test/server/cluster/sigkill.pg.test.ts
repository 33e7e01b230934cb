/**
 * @module Two instances of the product (`npm run serve`) on ONE PostgreSQL database behind the standalone simulator
 * (`npm run sim`), whose callbacks alternate between them as a load balancer's would (SIM_CALLBACK_URLS). 1,000 new
 * customers write; mid-burst one instance is SIGKILLed (its process group: no goodbye, transactions cut) and
 * started again. Every message must be stored once, decided once, and answered exactly once: each reply WeCom took
 * is in the customer's inbox once, and nothing the product planned is left unsent.
 */
import { describe, it, expect } from 'vitest';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import pLimit from 'p-limit';
import { SimControlClient } from '../../../server/wecom-sim/control-client';
import { DEMO_KF } from '../../../server/demo/seed-data';
import { spawnScript, type Spawned } from '../../support/spawned';
import { createTestDatabase, pgTestUrl } from '../../support/pg-database';
import { waitFor } from '../../support/wait';

const url = pgTestUrl();
const MESSAGES = Number(process.env.CLUSTER_MESSAGES ?? 1000);
const KILL_AFTER = Math.floor(MESSAGES * 0.3);
const CORP = {
  WECOM_CORP_ID: 'wwSigkillCluster1', WECOM_SECRET: 'sigkill-cluster-secret', WECOM_AGENT_ID: '1000002',
  WECOM_CALLBACK_TOKEN: 'sigkillToken', WECOM_ENCODING_AES_KEY: 'QWERTYUIOPASDFGHJKLZXCVBNM0123456789qwertyu',
};

/** A port nobody listens on now (the instances must be named to the simulator before they start). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const customer = (i: number) => `wmCluster${String(i).padStart(5, '0')}`;

describe.skipIf(!url)('two instances on one PostgreSQL database, one SIGKILLed mid-burst', () => {
  it(`stores, decides and answers each of ${MESSAGES} messages exactly once`, async () => {
    const db = await createTestDatabase(url!);
    const dir = mkdtempSync(join(tmpdir(), 'moonshift-cluster-'));
    const ports = [await freePort(), await freePort()];
    const base = (port: number) => `http://127.0.0.1:${port}`;
    const sim = await spawnScript('sim', { ...CORP, SIM_PORT: '0', SIM_CALLBACK_URLS: ports.map((p) => `${base(p)}/wecom/callback`).join(',') },
      /WeCom simulator:\s+(\S+)/);
    const instances: Spawned[] = [];
    const serve = (port: number) => spawnScript('serve', {
      ...CORP, PORT: String(port), DATABASE_URL: db.url, LOG_LEVEL: 'warn', WECOM_API_BASE: sim.match, WECOM_OAUTH_BASE: sim.match,
      SESSION_SECRET: 'sigkill-cluster-session-secret-0123456789', PUBLIC_BASE_URL: base(port), WEB_DIST: join(dir, 'no-web'),
    }, /Health:\s+(\S+)/, 120_000);
    const client = new pg.Client({ connectionString: db.url });
    try {
      instances.push(...await Promise.all(ports.map(serve)));
      await client.connect();
      const ctl = new SimControlClient(sim.match);
      const limit = pLimit(16);
      const send = (i: number) => limit(() => ctl.customerSend({ external_userid: customer(i), open_kfid: DEMO_KF.open_kfid, msgtype: 'text', content: `你好，第${i}位客户想问营业时间` }));

      await Promise.all(Array.from({ length: KILL_AFTER }, (_, i) => send(i)));
      const killed = instances[0]!;
      process.kill(-killed.child.pid!, 'SIGKILL');
      await new Promise((resolve) => killed.child.once('exit', resolve));
      expect(killed.child.signalCode).toBe('SIGKILL');
      const rest = Promise.all(Array.from({ length: MESSAGES - KILL_AFTER }, (_, i) => send(KILL_AFTER + i)));
      instances[0] = await serve(ports[0]!); // back on its port while the burst goes on
      await rest;

      const count = async (q: string) => Number((await client.query<{ n: string }>(q)).rows[0]!.n);
      await waitFor(async () => await count(`select count(*) as n from outbox where status = 'pending'`) === 0
        && await count(`select count(*) as n from messages where origin = 3`) === MESSAGES
        && await count(`select count(*) as n from decisions where trigger = 'message'`) === MESSAGES, { timeoutMs: 240_000, intervalMs: 500, what: 'every message stored, decided and sent' });

      // stored once: msgid is the key, and each customer wrote once
      expect(await count(`select count(distinct conversation_id) as n from messages where origin = 3`)).toBe(MESSAGES);
      // decided once
      expect(await count(`select count(*) as n from (select cause_msgid from decisions where trigger = 'message' group by cause_msgid having count(*) > 1) d`)).toBe(0);
      // answered: every message planned something, and nothing it planned failed or is left
      expect(await count(`select count(*) as n from messages m where m.origin = 3 and not exists (select 1 from outbox o where o.cause_msgid = m.msgid)`)).toBe(0);
      expect(await count(`select count(*) as n from outbox where status <> 'sent'`)).toBe(0);
      // exactly once at WeCom: each reply once in the inbox, as many as the product sent
      const inbox = (await ctl.allInboxes()).filter((m) => m.sender === 'send_msg' || m.sender === 'send_msg_on_event');
      expect(new Set(inbox.map((m) => m.msgid)).size).toBe(inbox.length);
      expect(new Set(inbox.map((m) => m.external_userid)).size).toBe(MESSAGES);
      expect(inbox.length).toBe(await count(`select count(*) as n from outbox where status = 'sent' and kind in ('send_msg', 'send_template', 'send_msg_on_event')`));
    } finally {
      await client.end().catch(() => undefined);
      for (const s of instances) s.stop();
      sim.stop();
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
