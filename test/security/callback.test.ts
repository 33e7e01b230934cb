/**
 * @module Attacks on `POST /wecom/callback` through real HTTP, each with its figure: signature and receiveId
 * variants, stale / future / malformed timestamps, exact replays, hostile XML outside and inside the
 * encryption, and oversized bodies (chunked and declared) with the server process's memory measured.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { encrypt, getSignature } from '@wecom/crypto';
import { startProduct, type TestProduct } from '../support/product';
import { envelopeXml, kfEventXml, sealedCallback } from '../support/callback';
import { callbackEvents } from '../../server/adapters/db/sqlite/schema/index';
import { DEMO_KF } from '../../server/app/demo/seed-data';
import { parseEnv } from '../../server/app/env';
import { CALLBACK_BODY_LIMIT, CALLBACK_FRESHNESS_MS } from '../../server/channels/wecom-kf/callback-route';
import type { CallbackKeys } from '../../server/channels/wecom-kf/callback-crypto';
import { figure } from './support/figures';
import { flood } from './support/http';
import { waitFor } from '../support/wait';
import { signIn } from '../support/auth';
import { ROUTE_POLICIES } from '../../server/http/access/route-table';
import { concretePath } from './support/app';
import { startServerProcess, type ServerProcess } from './support/child';

const MiB = 1024 * 1024;
const demoKeys = (): CallbackKeys => {
  const w = parseEnv({}).wecom;
  return { token: w.callbackToken, encodingAESKey: w.encodingAESKey, corpId: w.corpId };
};
const event = (corpId: string) => kfEventXml(corpId, DEMO_KF.open_kfid);

/** Hostile XML documents: entity expansion, external entities, deep nesting, prototype keys, junk. */
const HOSTILE: Record<string, (inner: string) => string> = {
  'billion laughs (DOCTYPE entities)': (x) => `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]><xml>${x}<Z>&c;</Z></xml>`,
  'external entity': (x) => `<!DOCTYPE xml [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml>${x}<Z>&e;</Z></xml>`,
  '5,000-deep nesting': (x) => `<xml>${x}${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</xml>`,
  '__proto__ element': (x) => `<xml>${x}<__proto__><polluted>1</polluted></__proto__></xml>`,
  'constructor element': (x) => `<xml>${x}<constructor><prototype>1</prototype></constructor></xml>`,
  'unclosed root': (x) => `<xml>${x}`,
  'binary junk': () => '\u0000\u0001\u0002<<<>>>\uFFFD',
};

const post = (base: string, query: string, body: string | Uint8Array<ArrayBuffer>) =>
  fetch(`${base}/wecom/callback?${query}`, { method: 'POST', body, headers: { 'content-type': 'text/xml' } });

describe('callback attacks on the running product', () => {
  let p: TestProduct;
  let keys: CallbackKeys;
  let pages = 0;
  const stored = async () => { await p.inbound.idle(); await p.inbound.recorder.flush(); return p.deps.db.select().from(callbackEvents).all().length; };

  beforeAll(async () => {
    p = await startProduct({}, { hooks: { beforeCommit: () => { pages++; } } });
    const w = p.deps.config.wecom;
    keys = { token: w.callbackToken, encodingAESKey: w.encodingAESKey, corpId: w.corpId };
  });
  afterAll(async () => { await p?.stop(); });

  it('refuses every signature and receiveId variant (401/400) and stores nothing', async () => {
    const now = p.clock.now();
    const good = sealedCallback(keys, event(keys.corpId), now);
    const other = sealedCallback(keys, event(keys.corpId), now);
    const q = (sig: string, cb = good) => `msg_signature=${sig}&timestamp=${cb.timestamp}&nonce=${cb.nonce}`;
    const sig = /msg_signature=([0-9a-f]+)/.exec(good.query)![1]!;
    const variants: [string, string, string][] = [
      ['all-zero signature', q('0'.repeat(40)), good.body],
      ['truncated signature', q(sig.slice(0, 39)), good.body],
      ['empty signature', q(''), good.body],
      ['no signature', `timestamp=${good.timestamp}&nonce=${good.nonce}`, good.body],
      ['signature of another nonce', `msg_signature=${sig}&timestamp=${good.timestamp}&nonce=other`, good.body],
      ['signature of another timestamp', `msg_signature=${sig}&timestamp=${Number(good.timestamp) - 1}&nonce=${good.nonce}`, good.body],
      ['payload swapped under a valid signature', good.query, other.body],
      ['signed with the wrong token', sealedCallback({ ...keys, token: 'not-the-token' }, event(keys.corpId), now).query, good.body],
      ['encrypted for another corp (receiveId)', ...((cb) => [cb.query, cb.body] as const)(sealedCallback({ ...keys, corpId: 'wwAnotherCorp' }, event('wwAnotherCorp'), now))],
      ['encrypted with another AES key', ...((cb) => [cb.query, cb.body] as const)(sealedCallback({ ...keys, encodingAESKey: 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut' }, event(keys.corpId), now))],
    ];
    const before = await stored();
    const statuses: string[] = [];
    for (const [name, query, body] of variants) statuses.push(`${name}: ${(await post(p.url, query, body)).status}`);
    const refused = statuses.filter((s) => / (400|401)$/.test(s)).length;
    figure('callback signature and receiveId variants', { tried: variants.length, refused, stored: await stored() - before });
    expect(statuses.filter((s) => !/ (400|401)$/.test(s))).toEqual([]);
    expect(await stored() - before).toBe(0);
  });

  it('refuses stale, future and malformed timestamps with 401, and takes one just inside the window', async () => {
    const now = p.clock.now();
    const sec = (ms: number) => String(Math.floor(ms / 1000));
    const stamps = {
      zero: '0', 'a year old': sec(now - 365 * 86_400_000), 'a day old': sec(now - 86_400_000),
      'just past the window': sec(now - CALLBACK_FRESHNESS_MS - 2000), 'just ahead of the window': sec(now + CALLBACK_FRESHNESS_MS + 2000),
      'a year ahead': sec(now + 365 * 86_400_000), abc: 'abc', negative: '-1', exponent: '1.7e9', huge: '99999999999999999999',
      'in milliseconds': String(now),
    };
    const before = await stored();
    const statuses: number[] = [];
    for (const ts of Object.values(stamps)) {
      const encrypted = encrypt(keys.encodingAESKey, event(keys.corpId), keys.corpId);
      const sig = getSignature(keys.token, ts, 'n1', encrypted);
      statuses.push((await post(p.url, `msg_signature=${sig}&timestamp=${encodeURIComponent(ts)}&nonce=n1`, envelopeXml(keys.corpId, encrypted))).status);
    }
    const refusedStored = await stored() - before;
    const inside = sealedCallback(keys, event(keys.corpId), now - CALLBACK_FRESHNESS_MS + 5000);
    expect((await post(p.url, inside.query, inside.body)).status).toBe(200);
    figure('callback stale/future/malformed timestamps', { tried: statuses.length, refused: statuses.filter((s) => s === 401).length, stored: refusedStored, insideWindowAccepted: 1 });
    expect(statuses).toEqual(statuses.map(() => 401));
    expect(refusedStored).toBe(0);
    expect(await stored() - before).toBe(1);
  });

  it('drops 1,000 exact replays of a callback: one record, one pull, every replay answered 200', async () => {
    await p.inbound.idle();
    const cb = sealedCallback(keys, event(keys.corpId), p.clock.now());
    const before = await stored();
    expect((await post(p.url, cb.query, cb.body)).status).toBe(200);
    await new Promise<void>((r) => setImmediate(r));
    await p.inbound.idle();
    const pagesAfterFirst = pages;
    const statuses: number[] = [];
    for (let batch = 0; batch < 50; batch++) {
      statuses.push(...await Promise.all(Array.from({ length: 20 }, async () => (await post(p.url, cb.query, cb.body)).status)));
    }
    await p.inbound.idle();
    const records = await stored() - before;
    figure('callback exact replays', { tried: statuses.length, refused: statuses.length, stored: records - 1, answered200: statuses.filter((s) => s === 200).length, extraPulls: pages - pagesAfterFirst });
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(records).toBe(1);
    expect(pages - pagesAfterFirst).toBe(0);
  });
});

describe('callback attacks on a server process (logs and memory)', () => {
  let s: ServerProcess;
  let db: Database.Database;
  const keys = demoKeys();
  /** Markers: a verified event the server records but pulls nothing for (only kf_msg_or_event causes a pull). */
  const MARKER = 'settle_marker';
  const markerXml = (corpId: string, n: number) =>
    `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><CreateTime>${n}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[${MARKER}]]></Event></xml>`;
  const count = (where: string) => (db.prepare(`select count(*) as n from callback_events where ${where}`).get() as { n: number }).n;
  let markers = 0;
  /**
   * Rows stored from everything sent so far, markers left out. The recorder writes in arrival order, so once a valid
   * marker callback sent now is in the table, every earlier row is too: the server's own signal, not a pause.
   */
  const settledStored = async () => {
    const n = ++markers;
    const marker = sealedCallback(keys, markerXml(keys.corpId, n), s.serverNow());
    expect((await post(s.url, marker.query, marker.body)).status).toBe(200);
    await waitFor(() => count(`event = '${MARKER}'`) >= n, { what: 'the marker callback recorded' });
    return count(`event is not '${MARKER}'`);
  };

  beforeAll(async () => {
    s = await startServerProcess();
    db = new Database(s.dbPath, { readonly: true, fileMustExist: true });
  });
  afterAll(async () => { db?.close(); await s?.stop(); });

  it('answers hostile outer XML with 400 and one warn line each — no stack, no error log, nothing stored', async () => {
    const before = await settledStored();
    const logsBefore = s.logs().length;
    const statuses: number[] = [];
    for (const make of Object.values(HOSTILE)) {
      statuses.push((await post(s.url, `msg_signature=${'a'.repeat(40)}&timestamp=${Math.floor(s.serverNow() / 1000)}&nonce=x`, make('<Encrypt>abc</Encrypt>'))).status);
    }
    const refusedLines = () => s.logs().slice(logsBefore).filter((l) => l.level === 40 && l.msg.startsWith('callback refused'));
    await waitFor(() => refusedLines().length >= statuses.length, { what: 'a warn line per refused callback' }).catch(() => undefined);
    const logs = s.logs().slice(logsBefore);
    const warns = refusedLines();
    figure('hostile XML outside the signature', { tried: statuses.length, refused: statuses.filter((x) => x === 400).length, stored: (await settledStored()) - before, warnLines: warns.length, errorLines: logs.filter((l) => l.level >= 50).length });
    expect(statuses).toEqual(statuses.map(() => 400));
    expect(warns).toHaveLength(statuses.length);
    expect(logs.filter((l) => l.level >= 50 || JSON.stringify(l).includes('    at '))).toEqual([]);
    expect((await settledStored()) - before).toBe(0);
  });

  it('answers hostile inner XML (correctly signed and encrypted) with 400 and stores nothing', async () => {
    const before = await settledStored();
    const logsBefore = s.logs().length;
    const statuses: number[] = [];
    // An unclosed root around authenticated, well-formed fields is tolerated inside (the parser reads the fields).
    for (const [name, make] of Object.entries(HOSTILE).filter(([n]) => n !== 'unclosed root')) {
      void name;
      const cb = sealedCallback(keys, make('<MsgType>event</MsgType>'), s.serverNow());
      statuses.push((await post(s.url, cb.query, cb.body)).status);
    }
    const logs = s.logs().slice(logsBefore);
    figure('hostile XML inside the encryption', { tried: statuses.length, refused: statuses.filter((x) => x === 400).length, stored: (await settledStored()) - before, errorLines: logs.filter((l) => l.level >= 50).length });
    expect(statuses).toEqual(statuses.map(() => 400));
    expect(logs.filter((l) => l.level >= 50)).toEqual([]);
    expect((await settledStored()) - before).toBe(0);
  });

  it('refuses a 200 MiB chunked body after 64 KiB with 413, the server growing by a few MiB at most', async () => {
    const warm = sealedCallback(keys, event(keys.corpId), s.serverNow());
    expect((await post(s.url, warm.query, warm.body)).status).toBe(200);
    const before = await settledStored();
    const cb = sealedCallback(keys, event(keys.corpId), s.serverNow());
    const rss = s.rss();
    s.resetPeak();
    const r = await flood(`${s.url}/wecom/callback?${cb.query}`, 200 * MiB, { headers: { 'content-type': 'text/xml' } });
    const growth = s.peakSinceReset() - rss;
    figure('callback 200 MiB chunked body', { tried: 1, refused: r.status === 413 ? 1 : 0, stored: (await settledStored()) - before, sentMiB: +(r.sentBytes / MiB).toFixed(1), rssGrowthMiB: +(growth / MiB).toFixed(1) });
    expect(r.status).toBe(413);
    expect(r.sentBytes).toBeLessThan(200 * MiB);
    expect(growth).toBeLessThan(32 * MiB);
    expect((await settledStored()) - before).toBe(0);
  });

  it('refuses a declared 200 MiB body from its Content-Length before reading it', async () => {
    const cb = sealedCallback(keys, event(keys.corpId), s.serverNow());
    const rss = s.rss();
    s.resetPeak();
    const r = await flood(`${s.url}/wecom/callback?${cb.query}`, 200 * MiB, { declared: 200 * MiB, headers: { 'content-type': 'text/xml' } });
    const growth = s.peakSinceReset() - rss;
    figure('callback declared 200 MiB body', { tried: 1, refused: r.status === 413 ? 1 : 0, stored: 0, sentMiB: +(r.sentBytes / MiB).toFixed(1), rssGrowthMiB: +(growth / MiB).toFixed(1) });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body)).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(growth).toBeLessThan(32 * MiB);
  });

  it('refuses an oversized chunked body on every route that takes one (and a body on a route that takes none) with 413', async () => {
    const admin = await signIn(s.url, 'wangwu');
    const type = { json: 'application/json', form: 'application/x-www-form-urlencoded', xml: 'text/xml', any: 'text/csv' } as const;
    const withBody = Object.entries(ROUTE_POLICIES).filter(([k, r]) => r.body && !k.startsWith('POST /wecom/'));
    const bodiless = ['POST /api/admin/rule-sets/rollback', 'DELETE /api/admin/templates/:id', 'POST /auth/logout'];
    const rss = s.rss();
    s.resetPeak();
    const wrong: string[] = [];
    let sent = 0;
    for (const [key, policy] of [...withBody, ...bodiless.map((k) => [k, ROUTE_POLICIES[k]!] as const)]) {
      const [method, pattern] = key.split(' ') as [string, string];
      const size = Math.max(8 * MiB, 2 * (policy.body?.max ?? 0));
      const r = await flood(`${s.url}${concretePath(pattern)}`, size, { method, headers: { cookie: admin, origin: s.url, 'content-type': type[policy.body?.kind ?? 'json'] } });
      sent += r.sentBytes;
      if (r.status !== 413) wrong.push(`${key}: ${r.status}`);
    }
    const growth = s.peakSinceReset() - rss;
    figure('oversized chunked bodies on every route', { tried: withBody.length + bodiless.length, refused: withBody.length + bodiless.length - wrong.length, stored: 0, sentMiB: +(sent / MiB).toFixed(1), rssGrowthMiB: +(growth / MiB).toFixed(1) });
    expect(withBody.length).toBeGreaterThan(30);
    expect(wrong).toEqual([]);
    // Routes with a 4 MiB limit may hold up to that before refusing; what the adapter discards afterwards is garbage.
    expect(growth).toBeLessThan(96 * MiB);
  }, 120_000);

  it('accepts a body of exactly the limit size (then judges its content), refuses one byte more', async () => {
    const cb = sealedCallback(keys, event(keys.corpId), s.serverNow());
    const padded = cb.body.replace('</xml>', `<Pad>${'x'.repeat(CALLBACK_BODY_LIMIT - cb.body.length - 11)}</Pad></xml>`);
    expect(Buffer.byteLength(padded)).toBe(CALLBACK_BODY_LIMIT);
    expect((await post(s.url, cb.query, padded)).status).toBe(200);
    const over = sealedCallback(keys, event(keys.corpId), s.serverNow());
    expect((await post(s.url, over.query, `${padded} `)).status).toBe(413);
  });
});
