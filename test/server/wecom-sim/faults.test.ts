import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KF, say, setup, type Env } from './support';

let env: Env;
beforeEach(async () => { env = await setup(); });
afterEach(async () => { await env.close(); });

describe('wecom-sim fault injection', () => {
  it('answers a specific errcode on the next N calls of a path, then behaves', async () => {
    await env.ctl.setFaults({ nextErrors: [{ path: 'kf/sync_msg', errcode: 45009, count: 2 }, { path: '/cgi-bin/kf/account/list', errcode: -1 }] });
    expect((await env.call('kf/sync_msg', { open_kfid: KF })).errcode).toBe(45009);
    expect((await env.call('kf/account/list', {})).errcode).toBe(-1);
    expect((await env.call('kf/sync_msg', { open_kfid: KF })).errcode).toBe(45009);
    expect((await env.call('kf/sync_msg', { open_kfid: KF })).errcode).toBe(0);
    expect((await env.call('kf/account/list', {})).errcode).toBe(0);
  });

  it('injects an errcode at a rate from a seeded PRNG, the same sequence for the same seed', async () => {
    const run = async () => {
      await env.ctl.setFaults({ errorRate: { rate: 0.5, errcode: -1, seed: 42, paths: ['kf/account/list'] } });
      const codes: number[] = [];
      for (let i = 0; i < 20; i++) codes.push((await env.call('kf/account/list', {})).errcode);
      return codes;
    };
    const first = await run();
    const second = await run();
    expect(first).toEqual(second);
    expect(first.filter((c) => c === -1).length).toBeGreaterThan(3);
    expect(first.filter((c) => c === 0).length).toBeGreaterThan(3);
    expect((await env.call(`kf/servicer/list?open_kfid=${KF}`)).errcode).toBe(0);
    await env.ctl.clearFaults();
    for (let i = 0; i < 5; i++) expect((await env.call('kf/account/list', {})).errcode).toBe(0);
  });

  it('adds latency to every API call', async () => {
    await env.ctl.setFaults({ latencyMs: 150 });
    const t0 = performance.now();
    await env.call('kf/account/list', {});
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('counts calls per path, including failed ones', async () => {
    await env.call('kf/account/list', {});
    await env.call('kf/account/list', {}, { token: null });
    const { callCounts } = await env.ctl.state();
    expect(callCounts['kf/account/list']).toBe(2);
    expect(callCounts.gettoken).toBe(1);
  });

  it('resets state and faults but never reuses a msgid', async () => {
    const before = await say(env, 'hi');
    await env.ctl.setFaults({ latencyMs: 10, dropCallbacks: 3 });
    await env.ctl.reset();
    const s = await env.ctl.state();
    expect(s.sessions).toEqual([]);
    expect(s.faults).toMatchObject({ latencyMs: 0, dropCallbacks: 0 });
    expect(s.accounts[0]?.logSize).toBe(0);
    expect((await say(env, 'hi')).msgid).not.toBe(before.msgid);
  });

  it('moves the simulated clock through the control API', async () => {
    const before = (await env.ctl.state()).now;
    await env.ctl.setClock({ advanceMs: 60_000 });
    expect((await env.ctl.state()).now).toBe(before + 60_000);
  });

  it('answers bad control input with 400 and a clear message', async () => {
    const res = await fetch(`${env.sim.url}/sim/customer/send`, { method: 'POST', body: JSON.stringify({ msgtype: 'text' }) });
    expect(res.status).toBe(400);
    const body = await res.json() as { error: { code: string; message: string } };
    expect(body.error.code).toBe('bad_input');
    expect(body.error.message).toMatch(/external_userid/);
    const bad = await fetch(`${env.sim.url}/sim/faults`, { method: 'POST', body: '{' });
    expect(bad.status).toBe(400);
    await expect(env.ctl.customerSend({ open_kfid: 'wkNoSuchAccount', external_userid: 'x', msgtype: 'text', content: 'x' })).rejects.toMatchObject({ status: 404 });
  });

  it('answers an unknown API path with an errcode', async () => {
    const body = await env.call('kf/nope', {});
    expect(body.errcode).not.toBe(0);
    expect(typeof body.errmsg).toBe('string');
  });
});
