/**
 * @module Two live-mode instances of the product on ONE SQLite file, both pointed at one standalone simulator
 * whose callbacks alternate between them (a load balancer): WeCom credentials, callback replay memory and
 * the booking rate limit are shared through the database, not kept per process.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMoonshift, type Moonshift } from '../../../server/app/start';
import { parseSimEnv } from '../../../server/app/env';
import { startStandaloneSimulator } from '../../../server/app/demo/standalone-sim';
import type { RunningSimulator } from '../../../server/wecom-sim/index';
import { SimControlClient } from '../../../server/wecom-sim/control-client';
import { JsSdkSigner } from '../../../server/channels/wecom-kf/jssdk';
import { DIRECTORY_JOB } from '../../../server/channels/wecom-kf/kf-directory';
import { DEMO_CUSTOMERS, DEMO_KF } from '../../../server/app/demo/seed-data';
import { receiversNowIn, recordRefusalIn } from '../../../server/core/duty/receivers';
import { agents, callbackEvents, conversations, kfServicers, messages, replayMemory, wecomSyncJobs } from '../../../server/adapters/db/sqlite/schema/index';
import { PROFILE_SYNC_JOB } from '../../../server/core/profile-sync/queue';
import { setAgentStatus } from '../../../server/core/services/set-agent-status';
import { formToken } from '../../../server/core/appointments/link';
import { readSettingIn, writeSettingIn } from '../../../server/core/config/settings';
import { SETTINGS } from '../../../server/core/config/catalogue';
import { kfEventXml, sealedCallback } from '../../support/callback';
import { postForm } from '../../support/pages';
import { waitFor } from '../../support/wait';
import { ORIGIN } from '../../../shared/domain/vocabulary';

const CORP = {
  WECOM_CORP_ID: 'wwTwoInstances01', WECOM_SECRET: 'two-instances-secret', WECOM_AGENT_ID: '1000002',
  WECOM_CALLBACK_TOKEN: 'twoInstancesToken', WECOM_ENCODING_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};
const KEYS = { token: CORP.WECOM_CALLBACK_TOKEN, encodingAESKey: CORP.WECOM_ENCODING_AES_KEY, corpId: CORP.WECOM_CORP_ID };

describe('two instances on one SQLite file behind one simulator', () => {
  let dir: string;
  let sim: RunningSimulator;
  let ctl: SimControlClient;
  let a: Moonshift;
  let b: Moonshift;
  /** One clock for both instances (as NTP keeps machines together): real time, moved on by the tests that need a due time. */
  let ahead = 0;
  const clock = { now: () => Date.now() + ahead };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'moonshift-two-'));
    sim = await startStandaloneSimulator(parseSimEnv({ ...CORP, SIM_PORT: '0' }));
    ctl = new SimControlClient(sim.url);
    const env = {
      ...CORP, PORT: '0', DATABASE_PATH: join(dir, 'shared.db'), LOG_LEVEL: 'silent', WECOM_API_BASE: sim.url, WECOM_OAUTH_BASE: sim.url,
      SESSION_SECRET: 'two-instances-session-secret-0123456789', PUBLIC_BASE_URL: 'http://127.0.0.1', WEB_DIST: join(dir, 'no-web'),
    };
    [a, b] = await Promise.all([startMoonshift(env, { clock }), startMoonshift(env, { clock })]);
    await ctl.setCallback({ urls: [`${a.url}/wecom/callback`, `${b.url}/wecom/callback`] });
    await Promise.all([a.directory!.ready, b.directory!.ready]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('both instances read the directory and make their WeCom calls with one gettoken between them', async () => {
    const calls = (await ctl.state()).callCounts;
    expect(calls['kf/account/list']).toBeGreaterThanOrEqual(2); // each instance read the directory
    expect(calls['gettoken']).toBe(1);
  });

  it('fetches each JS-SDK ticket once for concurrent signatures on both instances', async () => {
    const signers = [a, b].map((p) => new JsSdkSigner(p.deps.clock, p.deps.wecom));
    const signed = await Promise.all(Array.from({ length: 8 }, (_, i) => signers[i % 2]!.sign(i % 4 < 2 ? 'config' : 'agentConfig', 'https://desk.example.com/sidebar/', `nonce${i}`)));
    expect(signed).toHaveLength(8);
    const calls = (await ctl.state()).callCounts;
    expect(calls['get_jsapi_ticket']).toBe(1);
    expect(calls['ticket/get']).toBe(1);
  });

  it('keeps the directory in step with WeCom: a servicer who stops receiving, and one removed from the account', async () => {
    const servicers = () => a.deps.db.select({ u: kfServicers.userid, s: kfServicers.wecomStatus }).from(kfServicers)
      .where(eq(kfServicers.openKfid, DEMO_KF.open_kfid)).orderBy(kfServicers.userid).all();
    expect(servicers()).toEqual([{ u: 'lisi', s: 0 }, { u: 'wangwu', s: 0 }, { u: 'zhangsan', s: 0 }]);
    await ctl.setServicerStatus({ userid: 'lisi', status: 'stopped' });
    await a.deps.wecom.delServicers(DEMO_KF.open_kfid, ['wangwu']);
    expect(await b.directory!.sync()).toEqual({ accounts: 2, servicers: 4 });
    expect(servicers()).toEqual([{ u: 'lisi', s: 1 }, { u: 'zhangsan', s: 0 }]);
    await ctl.setServicerStatus({ userid: 'lisi', status: 'receiving' });
    await a.deps.wecom.addServicers(DEMO_KF.open_kfid, ['wangwu']);
    await a.directory!.sync();
    expect(servicers()).toEqual([{ u: 'lisi', s: 0 }, { u: 'wangwu', s: 0 }, { u: 'zhangsan', s: 0 }]);
  });

  it('remembers WeCom\'s 95014 (not a servicer of this account) for every instance, for an hour', async () => {
    a.deps.db.update(agents).set({ status: 'online' }).run();
    const now = a.deps.clock.now();
    const receivers = async (p: Moonshift, at = now) => (await p.deps.shared.uow.read((q) => receiversNowIn(q, DEMO_KF.open_kfid, at))).map((r) => r.userid).sort();
    expect(await receivers(b)).toContain('zhangsan');
    await a.deps.shared.uow.run((tx) => recordRefusalIn(tx, DEMO_KF.open_kfid, 'zhangsan', 95014, now));
    expect(await receivers(b)).not.toContain('zhangsan');
    expect(await receivers(b)).toContain('lisi');
    expect(await receivers(b, now + 3_600_000)).toContain('zhangsan'); // an hour later: asked again
    a.deps.db.update(agents).set({ status: 'offline' }).run();
  });

  it('answers a customer whose callbacks alternate between the instances, storing each message once', async () => {
    const customer = DEMO_CUSTOMERS[1].external_userid;
    await ctl.customerSend({ external_userid: customer, open_kfid: DEMO_KF.open_kfid, msgtype: 'text', content: '在吗？我想问一下发货时间' });
    await ctl.customerSend({ external_userid: customer, open_kfid: DEMO_KF.open_kfid, msgtype: 'text', content: '订单号是 A1234' });
    await ctl.waitCallbacks();
    await Promise.all([a.inbound.idle(), b.inbound.idle()]);
    await waitFor(async () => (await ctl.inbox({ external_userid: customer, open_kfid: DEMO_KF.open_kfid })).length > 0, { timeoutMs: 10_000, what: 'an answer' });
    const convs = a.deps.db.select().from(conversations).where(eq(conversations.externalUserid, customer)).all();
    expect(convs).toHaveLength(1);
    const stored = a.deps.db.select({ content: messages.content }).from(messages).where(and(eq(messages.conversationId, convs[0]!.id), eq(messages.origin, ORIGIN.customer))).all();
    expect(stored.map((m) => JSON.parse(m.content) as { content: string }).map((m) => m.content).sort()).toEqual(['在吗？我想问一下发货时间', '订单号是 A1234'].sort());
    // the load balancer's round robin: each instance took one of the two callbacks
    expect(a.inbound.lastCallbackAt(DEMO_KF.open_kfid)).toBeDefined();
    expect(b.inbound.lastCallbackAt(DEMO_KF.open_kfid)).toBeDefined();
  });

  it('refuses a callback replayed to the other instance: it is recorded once', async () => {
    const marker = 'ENCReplayMarker0000000000000000000000000000001';
    const cb = sealedCallback(KEYS, kfEventXml(KEYS.corpId, DEMO_KF.open_kfid, marker, Math.floor(Date.now() / 1000)), a.deps.clock.now());
    const post = (p: Moonshift) => fetch(`${p.url}/wecom/callback?${cb.query}`, { method: 'POST', body: cb.body, headers: { 'content-type': 'text/xml' } });
    expect((await post(a)).status).toBe(200);
    expect((await post(b)).status).toBe(200); // WeCom gets its 200 …
    await Promise.all([a.inbound.idle(), b.inbound.idle()]); // (the replay checks run after it)
    await a.inbound.recorder.flush();
    await b.inbound.recorder.flush();
    const recorded = a.deps.db.select().from(callbackEvents).all().filter((r) => r.raw.includes(marker));
    expect(recorded).toHaveLength(1); // … but only the first sighting was taken
    const remembered = a.deps.db.select().from(replayMemory).where(and(eq(replayMemory.scope, 'callback'), eq(replayMemory.key, `${new URLSearchParams(cb.query).get('msg_signature')}:${cb.nonce}`))).all();
    expect(remembered).toHaveLength(1);
  });

  it('counts booking form posts across both instances against one per-link limit', async () => {
    const customer = DEMO_CUSTOMERS[0].external_userid;
    await ctl.customerSend({ external_userid: customer, open_kfid: DEMO_KF.open_kfid, msgtype: 'text', content: '你好，想预约一下' });
    const conv = await waitFor(() => a.deps.db.select().from(conversations).where(eq(conversations.externalUserid, customer)).get(), { what: 'the conversation' });
    const s = { perLink: 4, perIp: 100, rateWindowMs: 86_400_000 };
    await a.deps.shared.uow.run((tx) => writeSettingIn(tx, SETTINGS.appointments, s, { at: a.deps.clock.now(), by: 'test' }));
    const token = formToken(a.deps.config.sessionSecret, conv.id, a.deps.clock.now() + 3_600_000);
    const statuses: number[] = [];
    for (let i = 0; i < s.perLink + 1; i++) statuses.push((await postForm(`${(i % 2 ? b : a).url}/f/${token}`, { action: 'book', name: '' })).status);
    expect(statuses.slice(0, s.perLink).every((st) => st !== 429)).toBe(true);
    expect(statuses[s.perLink]).toBe(429);
  });

  it('syncs a status change to WeCom once between the two instances: one profile.sync job per target, claimed by one', async () => {
    await a.deps.shared.uow.run(async (tx) => writeSettingIn(tx, SETTINGS.profileSync, { ...await readSettingIn(tx, SETTINGS.profileSync), debounceMs: 1_000 }, { at: a.deps.clock.now(), by: 'test' }));
    const userid = a.deps.db.select({ u: agents.userid }).from(agents).orderBy(agents.userid).get()!.u;
    const calls = async () => (await ctl.state()).callCounts['externalcontact/add_contact_way'] ?? 0;
    const before = await calls();
    const firstJob = a.deps.db.get<{ id: number | null }>(sql`select max(id) as id from jobs`).id ?? 0;
    await setAgentStatus({ ctx: a.deps, input: { userid, status: 'online', source: 'manual' } }); // on duty: the duty 活码 is created for them
    ahead += 1_000; // the quiet period passes for both instances
    a.jobs.wake();
    b.jobs.wake();
    await Promise.all([a.jobs.idle(), b.jobs.idle()]);
    expect(await calls() - before).toBe(1);
    const syncJobs = a.deps.db.all<{ ordering_key: string; status: string; outcome: string | null }>(
      sql`select ordering_key, status, outcome from jobs where kind = ${PROFILE_SYNC_JOB} and id > ${firstJob} order by id`);
    expect(syncJobs.map((j) => [j.ordering_key, j.status, j.outcome])).toEqual([
      [`profile:user:${userid}`, 'done', 'failed'], ['profile:contact_way:duty', 'done', 'sent'],
    ]);
    // without WECOM_CONTACT_SECRET the profile card cannot be written (41004): final, recorded once, not retried
    expect(b.deps.db.select().from(wecomSyncJobs).where(eq(wecomSyncJobs.target, `user:${userid}`)).get()).toMatchObject({ status: 'failed', errcode: 41004, attempts: 1 });
    expect(b.deps.db.select().from(wecomSyncJobs).where(eq(wecomSyncJobs.target, 'contact_way:duty')).get()).toMatchObject({ status: 'sent', requests: 1 });
  });

  // Last: it moves the instances' clock on by up to two periods.
  it('reads the directory again once per period between the two instances: one recurring job, not a loop in each', async () => {
    const directoryJobs = () => a.deps.db.all<{ key: string; status: string; run_at: number }>(sql`select key, status, run_at from jobs where kind = ${DIRECTORY_JOB} order by id`);
    const start = directoryJobs();
    const pending = start.filter((j) => j.status === 'pending');
    expect(pending).toHaveLength(1); // both instances scheduled it at start: one job for the next period
    const calls = async () => (await ctl.state()).callCounts['kf/account/list'] ?? 0;
    const before = await calls();
    for (let period = 0; period < 2; period++) {
      ahead += Math.max(0, pending[0]!.run_at + period * 10 * 60_000 - clock.now()); // the period's due time arrives
      a.jobs.wake();
      b.jobs.wake();
      await Promise.all([a.jobs.idle(), b.jobs.idle()]);
    }
    expect(directoryJobs().slice(start.length - 1).map((j) => j.status)).toEqual(['done', 'done', 'pending']);
    expect(await calls() - before).toBe(2); // one read per period, by one of the two instances
  });
});
