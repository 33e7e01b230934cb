/**
 * @module Durable timers across two instances of the product (`npm run serve`) on one PostgreSQL database, one
 * SIGKILLed while they fire. The product arms them itself: each new customer's message arms its conversation's two
 * escalation timers, due after the delays an admin set on the duty settings page (a few seconds, so they fall due
 * during the burst; the silence stage no later than the first, so both are armed with the message): `esc.silence`
 * (backup route, duty-manager alert) and `esc.unanswered` (the FAQ card). Every timer must fire exactly once: its row
 * `fired` and its job done at the first attempt (claim, timer and effects commit together, so a SIGKILL rolls a
 * firing back whole), one escalation diagnostic per timer, and each FAQ card once in its customer's inbox.
 */
import { describe, it, expect } from 'vitest';
import pLimit from 'p-limit';
import { DEMO_KF } from '../../../server/app/demo/seed-data';
import { ESC_SILENCE, ESC_UNANSWERED } from '../../../server/core/escalation/arm';
import { outboxId } from '../../../server/core/pipeline/outbox-id';
import { pgTestUrl } from '../../support/pg-database';
import { startCluster } from '../../support/cluster';
import { sameOrigin, signIn } from '../../support/auth';
import { waitFor } from '../../support/wait';

const url = pgTestUrl();
const TIMERS = Number(process.env.CLUSTER_TIMERS ?? 1000);
/** Two timers per customer. */
const CUSTOMERS = Math.ceil(TIMERS / 2);
const KILL_AT = Math.floor(TIMERS / 5);
const KINDS = [ESC_SILENCE, ESC_UNANSWERED];
const CORP = {
  WECOM_CORP_ID: 'wwTimersCluster1', WECOM_SECRET: 'timers-cluster-secret', WECOM_AGENT_ID: '1000002',
  WECOM_CALLBACK_TOKEN: 'timersClusterToken', WECOM_ENCODING_AES_KEY: 'PLMOKNIJBUHVYGCTFXRDZESWAQ0123456789plmokni',
};
const ADMIN = 'wangwu';

const customer = (i: number) => `wmTimer${String(i).padStart(5, '0')}`;

describe.skipIf(!url)('durable timers on two instances, one SIGKILLed while they fire', () => {
  it(`fires each of ${CUSTOMERS * 2} escalation timers exactly once`, async () => {
    const started = Date.now();
    const cluster = await startCluster(url!, { corp: CORP, serveEnv: { ADMIN_USERIDS: ADMIN } });
    console.log(`[cluster] started in ${Date.now() - started} ms`);
    const { ctl, count } = cluster;
    try {
      // the admin shortens both escalation stages on A
      const a = cluster.url(0);
      const cookie = await signIn(a, ADMIN, '/admin/');
      const put = await fetch(`${a}/api/admin/duty/settings`, {
        method: 'PUT', headers: { cookie, 'content-type': 'application/json', ...sameOrigin(a) },
        body: JSON.stringify({ escalation: { unansweredMs: 3_000, silenceMs: 2_000 } }),
      });
      expect(put.status).toBe(200);

      const limit = pLimit(16);
      const send = (i: number) => limit(() => ctl.customerSend({ external_userid: customer(i), open_kfid: DEMO_KF.open_kfid, msgtype: 'text', content: `你好，第${i}位客户想问营业时间` }));
      const fired = () => count(`select count(*) as n from timers where kind = any($1) and status <> 'pending'`, [KINDS]);

      const t0 = Date.now();
      const burst = Promise.all(Array.from({ length: CUSTOMERS }, (_, i) => send(i)));
      // instance 0 dies while timers fire (a fifth of them have), and comes back on its port while the burst goes on
      await waitFor(async () => await fired() >= KILL_AT, { timeoutMs: 120_000, intervalMs: 100, what: 'timers firing' });
      await cluster.kill(0);
      const firedAtKill = await fired();
      const killedAt = Date.now();
      await cluster.restart(0);
      await burst;

      const total = CUSTOMERS * 2;
      await waitFor(async () => await fired() === total
        && await count(`select count(*) as n from outbox where status = 'pending'`) === 0, { timeoutMs: 240_000, intervalMs: 500, what: 'every timer fired and its effect sent' });
      const doneAt = Date.now();

      // the timers the product armed: one of each kind per conversation, all fired (none failed, late, cancelled or
      // left), each one's job done at its first attempt, and no other job for them
      const byKind = (sql: string) => cluster.db.query<{ kind: string; n: string }>(`${sql} group by 1 order by 1`, [KINDS])
        .then((r) => Object.fromEntries(r.rows.map((row) => [row.kind, Number(row.n)])));
      const each = { [ESC_SILENCE]: CUSTOMERS, [ESC_UNANSWERED]: CUSTOMERS };
      expect(await byKind(`select t.kind, count(distinct t.conversation_id) as n from timers t where t.kind = any($1)`)).toEqual(each);
      expect(await byKind(`select t.kind, count(*) as n from timers t where t.kind = any($1) and t.status = 'fired'`)).toEqual(each);
      expect(await byKind(`select t.kind, count(*) as n from jobs j join timers t on j.key = 'timer:' || t.id where t.kind = any($1) and j.status = 'done' and j.attempts = 1`)).toEqual(each);
      expect(await byKind(`select t.kind, count(*) as n from jobs j join timers t on j.key = 'timer:' || t.id where t.kind = any($1)`)).toEqual(each);
      // each firing's effects once: its escalation diagnostic (written in the firing's transaction)
      expect(await byKind(`select t.actor as kind, count(distinct t.conversation_id) as n from relay_diagnostics t where t.actor = any($1) and t.kind = 'escalation'`)).toEqual(each);
      expect(await byKind(`select t.actor as kind, count(*) as n from relay_diagnostics t where t.actor = any($1) and t.kind = 'escalation'`)).toEqual(each);

      // and at WeCom: each FAQ card a firing planned was sent once, into its customer's inbox once
      const outcomes = (await cluster.db.query<{ kind: string; outcome: string; n: string }>(
        `select kind, outcome, count(*) as n from timers where kind = any($1) group by kind, outcome order by kind, outcome`, [KINDS])).rows;
      const faq = (await cluster.db.query<{ conversation_id: string; last_human_at: string | null }>(
        `select t.conversation_id, c.last_human_at from timers t join conversations c on c.id = t.conversation_id where t.kind = $1 and t.outcome = 'faq_card'`, [ESC_UNANSWERED])).rows;
      const cards = new Set(faq.map((r) => outboxId(`esc:faq:${r.conversation_id}:${r.last_human_at ?? 0}`, 'faq_card')));
      expect(await count(`select count(*) as n from outbox where msgid = any($1) and status = 'sent'`, [[...cards]])).toBe(cards.size);
      const inbox = (await ctl.allInboxes()).filter((m) => cards.has(m.msgid));
      expect(inbox.length).toBe(cards.size);
      expect(new Set(inbox.map((m) => m.msgid)).size).toBe(cards.size);
      const late = (await cluster.db.query<{ max: string; p99: number }>(`select max(fired_at - due_at) as max, percentile_cont(0.99) within group (order by fired_at - due_at) as p99 from timers where kind = any($1)`, [KINDS])).rows[0]!;
      console.log(`[cluster] ${total} timers (${CUSTOMERS} customers): instance 0 killed ${((killedAt - t0) / 1000).toFixed(1)} s into the burst with ${firedAtKill} fired; `
        + `all fired and sent after ${((doneAt - t0) / 1000).toFixed(1)} s; lateness p99 ${Math.round(late.p99)} ms, max ${late.max} ms; `
        + `outcomes ${outcomes.map((o) => `${o.kind} ${o.outcome} ${o.n}`).join(', ')}; ${inbox.length} FAQ cards in inboxes`);
    } finally {
      await cluster.stop();
    }
  }, 600_000);
});
