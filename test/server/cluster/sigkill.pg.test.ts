/**
 * @module Two instances of the product (`npm run serve`) on ONE PostgreSQL database behind the standalone simulator
 * (`npm run sim`), whose callbacks alternate between them as a load balancer's would (SIM_CALLBACK_URLS). 1,000 new
 * customers write; mid-burst one instance is SIGKILLed (its process group: no goodbye, transactions cut) and
 * started again. Every message must be stored once, decided once, and answered exactly once: each reply WeCom took
 * is in the customer's inbox once, and nothing the product planned is left unsent. The simulator's access tokens
 * live a few seconds past the product's refresh margin, so the cluster refreshes its token during the burst: one
 * gettoken per secret per token lifetime across both instances and the restarted one (the token is shared through
 * the database, one refresh at a time).
 */
import { describe, it, expect } from 'vitest';
import pLimit from 'p-limit';
import { DEMO_KF } from '../../../server/app/demo/seed-data';
import { TOKEN_REFRESH_MARGIN_MS } from '../../../server/adapters/db/cluster/token-store';
import { pgTestUrl } from '../../support/pg-database';
import { startCluster } from '../../support/cluster';
import { waitFor } from '../../support/wait';

const url = pgTestUrl();
const MESSAGES = Number(process.env.CLUSTER_MESSAGES ?? 1000);
const KILL_AFTER = Math.floor(MESSAGES * 0.3);
const CORP = {
  WECOM_CORP_ID: 'wwSigkillCluster1', WECOM_SECRET: 'sigkill-cluster-secret', WECOM_CONTACT_SECRET: 'sigkill-cluster-contact-secret', WECOM_AGENT_ID: '1000002',
  WECOM_CALLBACK_TOKEN: 'sigkillToken', WECOM_ENCODING_AES_KEY: 'QWERTYUIOPASDFGHJKLZXCVBNM0123456789qwertyu',
};
/** A token is fresh for the product this long (then it refreshes; WeCom still takes it until its expiry). */
const TOKEN_FRESH_MS = 15_000;

const customer = (i: number) => `wmCluster${String(i).padStart(5, '0')}`;

describe.skipIf(!url)('two instances on one PostgreSQL database, one SIGKILLed mid-burst', () => {
  it(`stores, decides and answers each of ${MESSAGES} messages exactly once, with one gettoken per token lifetime`, async () => {
    const cluster = await startCluster(url!, { corp: CORP, simEnv: { SIM_TOKEN_TTL_S: String((TOKEN_REFRESH_MARGIN_MS + TOKEN_FRESH_MS) / 1000) } });
    const { ctl, count } = cluster;
    try {
      const limit = pLimit(16);
      const send = (i: number) => limit(() => ctl.customerSend({ external_userid: customer(i), open_kfid: DEMO_KF.open_kfid, msgtype: 'text', content: `你好，第${i}位客户想问营业时间` }));

      await Promise.all(Array.from({ length: KILL_AFTER }, (_, i) => send(i)));
      await cluster.kill(0);
      const rest = Promise.all(Array.from({ length: MESSAGES - KILL_AFTER }, (_, i) => send(KILL_AFTER + i)));
      await cluster.restart(0); // back on its port while the burst goes on
      await rest;

      await waitFor(async () => await count(`select count(*) as n from outbox where status = 'pending'`) === 0
        && await count(`select count(*) as n from messages where origin = 3`) === MESSAGES
        && await count(`select count(*) as n from decisions where trigger = 'message'`) === MESSAGES, { timeoutMs: 240_000, intervalMs: 500, what: 'every message stored, decided and sent' });

      // stored once: msgid is the key, and each customer wrote once
      expect(await count(`select count(distinct conversation_id) as n from messages where origin = 3`)).toBe(MESSAGES);
      // decided once
      expect(await count(`select count(*) as n from (select cause_msgid from decisions where trigger = 'message' group by cause_msgid having count(*) > 1) d`)).toBe(0);
      // answered: every message planned something, and nothing it planned failed (escalation timers armed by the first
      // messages may fire and send FAQ cards while this runs, on a slow machine: their rows can be pending still)
      expect(await count(`select count(*) as n from messages m where m.origin = 3 and not exists (select 1 from outbox o where o.cause_msgid = m.msgid)`)).toBe(0);
      expect((await cluster.db.query(`select msgid, kind, status, errcode, errmsg from outbox where status not in ('sent', 'pending')`)).rows).toEqual([]);
      // exactly once at WeCom: each reply once in the inbox; every send recorded before the inbox was read is in it,
      // and every message in it is one the product planned (read after it: sent, or being sent)
      const sends = (statuses: string[]) => cluster.db.query<{ msgid: string }>(
        `select msgid from outbox where status = any($1) and kind in ('send_msg', 'send_template', 'send_msg_on_event')`, [statuses]).then((r) => r.rows.map((row) => row.msgid));
      const recordedBefore = await sends(['sent']);
      const inbox = (await ctl.allInboxes()).filter((m) => m.sender === 'send_msg' || m.sender === 'send_msg_on_event');
      const recordedAfter = new Set(await sends(['sent', 'pending']));
      const delivered = new Set(inbox.map((m) => m.msgid));
      expect(delivered.size).toBe(inbox.length);
      expect(new Set(inbox.map((m) => m.external_userid)).size).toBe(MESSAGES);
      expect(recordedBefore.filter((id) => !delivered.has(id))).toEqual([]);
      expect([...delivered].filter((id) => !recordedAfter.has(id))).toEqual([]);

      // one gettoken per secret per token lifetime, cluster-wide: the app's secret (every WeCom call of the burst) and
      // the 通讯录 secret (each instance's setup check at start, the restarted one's included); no token was fetched
      // while the one before it was still fresh (three processes, a SIGKILL and a refresh every 15 s)
      const { tokensIssued, now } = await waitFor(async () => { const s = await ctl.state(); return s.tokensIssued.contact ? s : null; }, { what: 'the 通讯录 secret in use' });
      expect(Object.keys(tokensIssued).sort()).toEqual(['app', 'contact']);
      for (const [secret, issued] of Object.entries(tokensIssued)) {
        const gaps = issued.slice(1).map((at, i) => at - issued[i]!);
        console.log(`[cluster] gettoken for the ${secret} secret: ${issued.length} in ${Math.round((now - issued[0]!) / 1000)} s, gaps ${gaps.map((g) => `${(g / 1000).toFixed(1)} s`).join(', ') || 'none'}`);
        for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(TOKEN_FRESH_MS);
      }
    } finally {
      await cluster.stop();
    }
  }, 600_000);
});
