import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimulator } from '../../../server/wecom-sim/index';
import { CORP_ID, KF, say, setup, type Env } from './support';
import { waitFor } from '../../support/wait';

let env: Env;
beforeEach(async () => { env = await setup(); });
afterEach(async () => { await env.close(); });

describe('wecom-sim callbacks', () => {
  it('posts an encrypted kf_msg_or_event that decrypts with @wecom/crypto and carries the right fields', async () => {
    await say(env, 'hi');
    await env.ctl.waitCallbacks();
    expect(env.receiver.got).toHaveLength(1);
    const [got] = env.receiver.got;
    expect(got?.body).toMatch(/^<xml><ToUserName><!\[CDATA\[wwTestCorp0001\]\]><\/ToUserName><AgentID>.*<\/AgentID><Encrypt><!\[CDATA\[.+\]\]><\/Encrypt><\/xml>$/);
    expect(Object.keys(got?.query ?? {}).sort()).toEqual(['msg_signature', 'nonce', 'timestamp']);
    expect(got?.query.timestamp).toBe(String(Math.floor(env.clock.t / 1000)));
    expect(got?.inner).toMatchObject({
      ToUserName: CORP_ID, CreateTime: String(Math.floor(env.clock.t / 1000)), MsgType: 'event', Event: 'kf_msg_or_event',
      OpenKfId: KF, receiveId: CORP_ID, sigOk: true,
    });
    const token = String(got?.inner.Token);
    expect(token.length).toBeGreaterThan(10);
    expect((await env.call('kf/sync_msg', { open_kfid: KF, token })).msg_list).toHaveLength(1);
    expect((await env.ctl.state()).callbackDeliveries).toMatchObject([{ attempt: 1, status: 200, dropped: false }]);
  });

  it('gives every callback a fresh token', async () => {
    await say(env, 'a');
    await say(env, 'b');
    await env.ctl.waitCallbacks();
    const tokens = env.receiver.got.map((g) => g.inner.Token);
    expect(new Set(tokens).size).toBe(2);
  });

  it('retries on non-200, three attempts in all', async () => {
    env.receiver.statuses.push(500, 502, 503);
    await say(env, 'hi');
    await env.ctl.waitCallbacks();
    expect(env.receiver.got).toHaveLength(3);
    const deliveries = (await env.ctl.state()).callbackDeliveries;
    expect(deliveries.map((d) => [d.attempt, d.status])).toEqual([[1, 500], [2, 502], [3, 503]]);
  });

  it('stops retrying after a 200', async () => {
    env.receiver.statuses.push(500);
    await say(env, 'hi');
    await env.ctl.waitCallbacks();
    expect(env.receiver.got).toHaveLength(2);
  });

  it('retries when the receiver does not answer within the timeout', async () => {
    env.receiver.delays.push(1000);
    await say(env, 'hi');
    await env.ctl.waitCallbacks();
    const deliveries = (await env.ctl.state()).callbackDeliveries;
    expect(deliveries.map((d) => [d.attempt, d.status, d.error ?? null])).toEqual([[1, null, 'timeout'], [2, 200, null]]);
    expect(deliveries[0]?.latencyMs).toBeGreaterThanOrEqual(350);
  });

  it('drops the next N callbacks when told to and records them as dropped', async () => {
    await env.ctl.setFaults({ dropCallbacks: 1 });
    await say(env, 'lost');
    await say(env, 'kept');
    await env.ctl.waitCallbacks();
    expect(env.receiver.got).toHaveLength(1);
    expect((await env.ctl.state()).callbackDeliveries.map((d) => d.dropped)).toEqual([true, false]);
    expect((await env.call('kf/sync_msg', { open_kfid: KF })).msg_list).toHaveLength(2);
  });

  it('runs the GET URL-verification handshake and checks the plain echo', async () => {
    expect(await env.ctl.verifyCallback()).toMatchObject({ ok: true, status: 200 });
    const wrong = await env.ctl.verifyCallback(`${env.sim.url}/`);
    expect(wrong.ok).toBe(false);
  });

  it('can point callbacks elsewhere at run time', async () => {
    await env.ctl.setCallback({ url: null });
    await say(env, 'quiet');
    await env.ctl.waitCallbacks();
    expect(env.receiver.got).toHaveLength(0);
    await env.ctl.setCallback({ url: env.receiver.url });
    await say(env, 'loud');
    await env.ctl.waitCallbacks();
    expect(env.receiver.got).toHaveLength(1);
  });
});

describe('wecom-sim callback defaults', () => {
  it('defaults to WeCom\'s 5 s timeout and 3 attempts in all', () => {
    const { options } = createSimulator();
    expect(options.callback).toMatchObject({ timeoutMs: 5000, attempts: 3 });
    expect(options.unknowns.callbackRetryIntervalMs).toBe(1000);
  });
});

describe('wecom-sim shutdown', () => {
  it('closes promptly while a callback is hanging, without further retries', async () => {
    env.receiver.delays.push(5000, 5000, 5000);
    await say(env, 'hi');
    await waitFor(() => env.receiver.got.length === 1, { what: 'the callback reaching the receiver' });
    const t0 = performance.now();
    await env.sim.close();
    expect(performance.now() - t0).toBeLessThan(300);
    expect(env.sim.state.deliveries).toMatchObject([{ attempt: 1, status: null, error: 'simulator closed' }]);
    expect(env.receiver.got).toHaveLength(1);
  });
});
