import { afterAll, beforeAll, beforeEach, describe, it, expect } from 'vitest';
import { encrypt, getSignature } from '@wecom/crypto';
import { startProduct, type TestProduct } from '../../support/product';
import { kfEventXml, sealedCallback } from '../../support/callback';
import { eq, sql } from 'drizzle-orm';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { callbackEvents, messages, syncCursors } from '../../../server/adapters/db/sqlite/schema/index';
import { DEMO_KF } from '../../../server/app/demo/seed-data';

let p: TestProduct;
let keys: { token: string; encodingAESKey: string; corpId: string };
beforeAll(async () => {
  p = await startProduct();
  const w = p.deps.config.wecom;
  keys = { token: w.callbackToken, encodingAESKey: w.encodingAESKey, corpId: w.corpId };
});
afterAll(async () => { await p.stop(); });
beforeEach(() => { p.deps.db.delete(callbackEvents).run(); });

const post = (query: string, body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}) =>
  fetch(`${p.url}/wecom/callback?${query}`, { method: 'POST', body, headers: { 'content-type': 'text/xml', ...headers } });
const stored = async () => { await p.inbound.idle(); await p.inbound.recorder.flush(); return p.deps.db.select().from(callbackEvents).all().length; };

describe('POST /wecom/callback', () => {
  it('acknowledges a valid event with 200 and an empty body, and records it', async () => {
    const cb = sealedCallback(keys, kfEventXml(keys.corpId, DEMO_KF.open_kfid), p.clock.now());
    const res = await post(cb.query, cb.body);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    await p.inbound.idle(); // the replay check runs after the 200
    await p.inbound.recorder.flush();
    expect(p.deps.db.select().from(callbackEvents).all()).toMatchObject([{ event: 'kf_msg_or_event', openKfid: DEMO_KF.open_kfid }]);
  });

  it('has the callback stored by the time the pull it asked for is marked, not a flush timer later', async () => {
    const cb = sealedCallback(keys, kfEventXml(keys.corpId, DEMO_KF.open_kfid), p.clock.now());
    expect((await post(cb.query, cb.body)).status).toBe(200);
    await p.inbound.idle(); // the pull it asked for has run and marked itself; the recorder's own timer (250 ms) has not
    const [row] = p.deps.db.select().from(callbackEvents).all();
    expect(row).toMatchObject({ event: 'kf_msg_or_event', openKfid: DEMO_KF.open_kfid });
    const cursor = p.deps.db.select().from(syncCursors).where(eq(syncCursors.openKfid, DEMO_KF.open_kfid)).get();
    expect(cursor?.lastPullStartedAt).toBeGreaterThanOrEqual(row!.receivedAt); // served: the diagnostics' watermark covers it
  });

  it('rejects a wrong signature with 401 and stores nothing', async () => {
    const cb = sealedCallback(keys, kfEventXml(keys.corpId, DEMO_KF.open_kfid), p.clock.now());
    const res = await post(cb.query.replace(/msg_signature=[0-9a-f]+/, `msg_signature=${'0'.repeat(40)}`), cb.body);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
    expect(await stored()).toBe(0);
  });

  it('rejects an event encrypted for another corp (receiveId) with 401 and stores nothing', async () => {
    const cb = sealedCallback({ ...keys, corpId: 'wwAnotherCorp' }, kfEventXml('wwAnotherCorp', DEMO_KF.open_kfid), p.clock.now());
    const res = await post(cb.query, cb.body);
    expect(res.status).toBe(401);
    expect((await res.json() as { error: { message: string } }).error.message).toMatch(/receiveId/);
    expect(await stored()).toBe(0);
  });

  it('rejects malformed outer XML with 400', async () => {
    const res = await post('msg_signature=a&timestamp=1&nonce=2', '<xml><Encrypt>abc</Encrypt>');
    expect(res.status).toBe(400);
    expect(await stored()).toBe(0);
  });

  it('rejects a correctly signed but malformed inner XML with 400', async () => {
    const cb = sealedCallback(keys, '<xml><MsgType>event', p.clock.now());
    const res = await post(cb.query, cb.body);
    expect(res.status).toBe(400);
    expect(await stored()).toBe(0);
  });

  it('rejects an empty body with 400', async () => {
    const res = await post('msg_signature=a&timestamp=1&nonce=2', '');
    expect(res.status).toBe(400);
    expect(await stored()).toBe(0);
  });

  it('rejects a 1 MiB body with 413 from its Content-Length, without reading it', async () => {
    const res = await post('msg_signature=a&timestamp=1&nonce=2', new Uint8Array(1024 * 1024).fill(60));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(await stored()).toBe(0);
  });

  it('rejects a query without a signature with 401', async () => {
    const cb = sealedCallback(keys, kfEventXml(keys.corpId, DEMO_KF.open_kfid), p.clock.now());
    expect((await post('timestamp=1&nonce=2', cb.body)).status).toBe(401);
    expect(await stored()).toBe(0);
  });

  it('answers every error in the one error shape with a request id', async () => {
    const res = await post('msg_signature=a&timestamp=1&nonce=2', 'not xml');
    const body = await res.json() as { error: { code: string; message: string }; requestId: string };
    expect(body.error.code).toBe('invalid_input');
    expect(body.requestId).toMatch(/.+/);
    expect(res.headers.get('x-request-id')).toBe(body.requestId);
  });
});

describe('GET /wecom/callback (URL check)', () => {
  it('answers the decrypted echostr as plain text', async () => {
    const echostr = encrypt(keys.encodingAESKey, '1616140317555161061', keys.corpId);
    const sig = getSignature(keys.token, '1', '2', echostr);
    const res = await fetch(`${p.url}/wecom/callback?msg_signature=${sig}&timestamp=1&nonce=2&echostr=${encodeURIComponent(echostr)}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('1616140317555161061');
  });

  it('refuses a wrong signature with 401', async () => {
    const echostr = encrypt(keys.encodingAESKey, 'x', keys.corpId);
    const res = await fetch(`${p.url}/wecom/callback?msg_signature=${'1'.repeat(40)}&timestamp=1&nonce=2&echostr=${encodeURIComponent(echostr)}`);
    expect(res.status).toBe(401);
  });

  it('passes the simulator\'s own URL verification handshake', async () => {
    const r = await fetch(`${p.simUrl}/sim/verify-callback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(await r.json()).toMatchObject({ ok: true });
  });
});

describe('delivery is idempotent', () => {
  it('stores and answers a customer message once when its callback arrives three times (as three distinct deliveries)', async () => {
    await p.sim.customerSend({ external_userid: 'wmDemoCustomer0002', msgtype: 'text', content: '重复回调测试' });
    const [a, b, c] = [1, 2, 3].map(() => sealedCallback(keys, kfEventXml(keys.corpId, DEMO_KF.open_kfid), p.clock.now()));
    const results = await Promise.all([a!, b!, c!].map((cb) => post(cb.query, cb.body)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    await new Promise((r) => setTimeout(r, 300));
    await p.inbound.idle();
    await p.outbox.drain();
    const rows = p.deps.db.select().from(messages).all().filter((m) => m.content.includes('重复回调测试'));
    expect(rows).toHaveLength(1);
    expect(await p.sim.inbox({ external_userid: 'wmDemoCustomer0002' })).toHaveLength(1);
  });
});

describe('the 200 does not wait for the database', () => {
  const customerMessages = (text: string) => p.deps.db.select().from(messages).all().filter((m) => m.content.includes(text));

  it('answers the simulator\'s callback while another connection holds the write lock, and pulls once the replay check ran', async () => {
    await p.inbound.idle();
    const before = await stored();
    const other = new Database(join(p.dir, 'moonshift.db'));
    other.exec('BEGIN IMMEDIATE');
    try {
      await p.sim.customerSend({ external_userid: 'wmDemoCustomer0003', msgtype: 'text', content: '锁住时的回调' });
      await p.sim.waitCallbacks(); // WeCom's side has its answer, while the replay check still waits for the lock …
      expect((await p.sim.state()).callbackDeliveries.at(-1)).toMatchObject({ status: 200, dropped: false });
      expect(customerMessages('锁住时的回调')).toHaveLength(0); // … and nothing was pulled: the check comes first
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    await p.inbound.idle();
    expect(customerMessages('锁住时的回调')).toHaveLength(1);
    expect(await stored() - before).toBe(1);
  });

  it('takes the callback when its replay check fails: the pull runs', async () => {
    await p.inbound.idle();
    const before = await stored();
    p.deps.db.run(sql`alter table replay_memory rename to replay_memory_away`);
    try {
      await p.sim.customerSend({ external_userid: 'wmDemoCustomer0004', msgtype: 'text', content: '检查失败时的回调' });
      await p.sim.waitCallbacks();
      await p.inbound.idle();
    } finally {
      p.deps.db.run(sql`alter table replay_memory_away rename to replay_memory`);
    }
    expect(customerMessages('检查失败时的回调')).toHaveLength(1);
    expect(await stored() - before).toBe(1);
  });
});
