import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { eq, like } from 'drizzle-orm';
import { shiftedClock } from '../../../server/app/clock';
import { startProduct, type TestProduct } from '../../support/product';
import { sameOrigin, signIn } from '../../support/auth';
import { waitFor } from '../../support/wait';
import { auditLog, conversations, intentDefinitions } from '../../../server/adapters/db/sqlite/schema/index';
import { DEMO_CUSTOMERS } from '../../../server/app/demo/seed-data';
import { acceptedKeywords, currentKeywords } from '../../../server/core/intent/index';
import { adminIntentRoutes } from '../../../server/http/routes/intent-admin';
import { matchKeywords } from '../../../shared/intent/index';
import { api, customerSays } from './support';

const root = resolve(import.meta.dirname, '../../..');
const SAMPLE = resolve(root, 'test/fixtures/intent/sample.csv');

let p: TestProduct;
let admin: string;
let agent: string;
beforeAll(async () => {
  // open hours, so that an online agent is handed the session (state 3)
  p = await startProduct({ ADMIN_USERIDS: 'wangwu' }, { clock: shiftedClock('2026-11-26T10:00:00+08:00') });
  admin = await signIn(p.url, 'wangwu');
  agent = await signIn(p.url, 'lisi');
});
afterAll(async () => { await p.stop(); });

const audits = (action: string) => p.deps.db.select().from(auditLog).where(eq(auditLog.action, action)).all();

function cliEval(file: string): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(resolve(root, 'node_modules/.bin/tsx'), ['server/cli/main.ts', 'eval', '--file', file], { cwd: root });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done(out) : fail(new Error(`eval exited ${code}`))));
  });
}

/** Real HTTP with node:http: reads the answer even when the server refuses before the whole body is sent. */
function rawPost(path: string, body: Buffer, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  return new Promise((done, fail) => {
    const req = request(`${p.url}${path}`, { method: 'POST', headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => { text += d.toString(); });
      res.on('end', () => done({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => { if (err.code !== 'EPIPE' && err.code !== 'ECONNRESET') fail(err); });
    req.end(body);
  });
}

describe('admin intents API: access', () => {
  it('answers 403 to a signed-in non-admin and 401 to no session on every admin intents route', async () => {
    const all = adminIntentRoutes({ ...p.deps, learning: p.learning }).routes.filter((r) => r.method !== 'ALL');
    const routes = [...new Map(all.map((r) => [`${r.method} ${r.path}`, r])).values()];
    expect(routes.length).toBeGreaterThanOrEqual(15);
    for (const r of routes) {
      const path = `/api/admin/intents${r.path.replace(':id', 'greeting').replace(':sid', '1').replace(':exampleId', '1')}`.replace(/\/$/, '');
      const json = ['POST', 'PATCH'].includes(r.method) ? {} : undefined;
      expect((await api(p, r.method, path, { cookie: agent, ...(json ? { json } : {}) })).status, `${r.method} ${path}`).toBe(403);
      expect((await api(p, r.method, path, json ? { json } : {})).status, `${r.method} ${path}`).toBe(401);
    }
  });
});

describe('admin intents API: catalogue and examples', () => {
  it('lists the default pack, adds a custom intent with examples that the retrained model learns, and audits each change', async () => {
    const list = await api(p, 'GET', '/api/admin/intents', { cookie: admin });
    expect(list.status).toBe(200);
    expect(list.body.intents.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining(['greeting', 'complaint', 'other']));
    expect(list.body.intents.find((i: { id: string }) => i.id === 'refund')).toMatchObject({ builtin: true, enabled: true, labelZh: '退款退货' });

    const version = p.deps.intent.version;
    const examples = ['会员积分怎么查', '我的会员等级是什么', '积分能换什么礼品', '会员生日礼包怎么领', '积分快过期了怎么办',
      '怎么升级成金卡会员', '会员卡丢了能补吗', '积分兑换记录在哪看'].map((text) => ({ text }));
    const created = await api(p, 'POST', '/api/admin/intents', { cookie: admin, json: { id: 'membership', labelZh: '会员积分', labelEn: 'Membership', examples } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ intent: { id: 'membership', enabled: true, builtin: false }, examples: 8 });
    expect((await api(p, 'POST', '/api/admin/intents', { cookie: admin, json: { id: 'membership', labelZh: 'x', labelEn: 'x' } })).status).toBe(409);
    expect((await api(p, 'POST', '/api/admin/intents', { cookie: admin, json: { id: 'refund', labelZh: 'x', labelEn: 'x' } })).status).toBe(409);

    await waitFor(() => p.deps.intent.version > version, { what: 'retrain after new intent', timeoutMs: 60_000 });
    await p.learning.idle();
    expect(p.deps.intent.model.intents).toContain('membership');
    expect(p.deps.intent.classify('会员积分怎么兑换礼品').intent).toBe('membership');

    const added = await api(p, 'POST', '/api/admin/intents/membership/examples', { cookie: admin, json: { examples: [{ text: '金卡会员有什么权益' }] } });
    expect(added.status).toBe(201);
    const exampleId = added.body.examples[0].id as number;
    expect((await api(p, 'GET', '/api/admin/intents/membership/examples', { cookie: admin })).body.examples).toHaveLength(9);
    expect((await api(p, 'DELETE', `/api/admin/intents/membership/examples/${exampleId}`, { cookie: admin })).status).toBe(200);
    expect((await api(p, 'DELETE', `/api/admin/intents/membership/examples/${exampleId}`, { cookie: admin })).status).toBe(404);

    const patched = await api(p, 'PATCH', '/api/admin/intents/membership', { cookie: admin, json: { labelEn: 'Loyalty' } });
    expect(patched.body).toMatchObject({ id: 'membership', labelEn: 'Loyalty' });
    expect((await api(p, 'PATCH', '/api/admin/intents/refund', { cookie: admin, json: { labelEn: 'Money back' } })).status).toBe(409);

    const beforeDisable = p.deps.intent.version;
    expect((await api(p, 'DELETE', '/api/admin/intents/membership', { cookie: admin })).body).toMatchObject({ enabled: false });
    expect(p.deps.db.select().from(intentDefinitions).where(eq(intentDefinitions.id, 'membership')).get()?.enabled).toBe(false);
    await waitFor(() => p.deps.intent.version > beforeDisable, { what: 'retrain after disabling', timeoutMs: 60_000 });
    await p.learning.idle();
    expect(p.deps.intent.model.intents).not.toContain('membership');
    expect((await api(p, 'POST', '/api/admin/intents/membership/examples', { cookie: admin, json: { examples: [{ text: '积分' }] } })).status).toBe(409);

    for (const action of ['intent.create', 'intent.example.add', 'intent.example.remove', 'intent.update', 'intent.disable']) {
      expect(audits(action).length, action).toBeGreaterThan(0);
    }
    expect(audits('intent.disable')[0]).toMatchObject({ actor: 'wangwu', target: 'intent:membership' });
    expect(JSON.parse(audits('intent.disable')[0]!.before!)).toMatchObject({ enabled: true });
    expect(JSON.parse(audits('intent.disable')[0]!.after!)).toMatchObject({ enabled: false });
  }, 120_000); // several in-process retrains (and a CLI run) on a possibly busy machine
});

describe('admin intents API: evaluation', () => {
  it('evaluates an uploaded CSV: model and keyword baseline side by side, with the same figures as the eval CLI', async () => {
    const csv = readFileSync(SAMPLE, 'utf8');
    const form = new FormData();
    form.set('file', new Blob([csv], { type: 'text/csv' }), 'sample.csv');
    const res = await api(p, 'POST', '/api/admin/intents/evaluate', { cookie: admin, body: form });
    expect(res.status).toBe(200);
    const r = res.body;
    expect(r).toMatchObject({ source: 'sample.csv', rows: 7, skipped: 1, problems: [{ line: 8, error: 'empty text' }] });
    for (const system of [r.model, r.keyword]) {
      expect(system.accuracy).toBeGreaterThanOrEqual(0);
      expect(system.macroF1).toBeGreaterThanOrEqual(0);
      expect(system.perIntent.length).toBeGreaterThan(0);
      expect(system.latencyMs.p99).toBeGreaterThanOrEqual(system.latencyMs.p50);
    }
    expect(r.delta.accuracy).toBeCloseTo(r.model.accuracy - r.keyword.accuracy, 3);
    expect(r.correctionAgreement).toMatchObject({ total: 0, agreed: 0 });

    const cli = JSON.parse(await cliEval(SAMPLE)) as typeof r;
    expect(Object.keys(r)).toEqual(expect.arrayContaining(Object.keys(cli)));
    // the live model carries the admin changes of the test above (membership disabled → same classes as the CLI)
    expect(r.keyword.accuracy).toBe(cli.keyword.accuracy);
    expect(r.keyword.perIntent).toEqual(cli.keyword.perIntent);
    expect(r.model.accuracy).toBe(cli.model.accuracy);

    const json = await api(p, 'POST', '/api/admin/intents/evaluate', { cookie: admin, json: { content: readFileSync(resolve(root, 'test/fixtures/intent/sample.jsonl'), 'utf8') } });
    expect(json.status).toBe(200);
    expect(json.body.rows).toBeGreaterThan(0);
  }, 120_000); // several in-process retrains (and a CLI run) on a possibly busy machine

  it('runs an uploaded set with conversation and at columns as conversations: per-kind accuracy and the template at each step', async () => {
    const csv = readFileSync(resolve(root, 'test/fixtures/intent/conversations.csv'), 'utf8');
    const form = new FormData();
    form.set('file', new Blob([csv], { type: 'text/csv' }), 'conversations.csv');
    const res = await api(p, 'POST', '/api/admin/intents/evaluate', { cookie: admin, body: form });
    expect(res.status).toBe(200);
    const r = res.body;
    expect(r).toMatchObject({ rows: 6, skipped: 1 });
    expect(r.perKind.map((k: { kind: string }) => k.kind)).toEqual(['short', 'business', 'pinyin', 'sarcasm', 'annoyed', 'emergency']);
    const steps = Object.fromEntries(r.conversations.conversations.map((c: { conversation: string; steps: unknown[] }) => [c.conversation, c.steps]));
    // across 20:59 → 21:01 the desk closes: the same customer's second message gets the night notice
    expect(steps['王女士'].map((s: { window: string }) => s.window)).toEqual(['open', 'night']);
    expect(steps['王女士'][1].templates).toContain('night');
    // the emergency flow runs; with nobody on duty in the evaluation's desk its promise of a transfer is
    // replaced by the truthful no-agent answer (never silent: no promise that cannot be kept)
    expect(steps['赵先生'][0].templates).toEqual(['tpl_no_agent']);
    expect(r.conversations.decisionMs.count).toBe(6);
  }, 60_000);

  it('refuses a body over 2 MB with 413 and an unusable set with 400', async () => {
    const big = Buffer.from(`text,intent\n${'你好,greeting\n'.repeat(200_000)}`);
    expect(big.length).toBeGreaterThan(2 * 1024 * 1024);
    expect(await rawPost('/api/admin/intents/evaluate', big, { cookie: admin, ...sameOrigin(p.url), 'content-type': 'text/csv' })).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
    expect((await api(p, 'POST', '/api/admin/intents/evaluate', { cookie: admin, json: { content: 'a,b\n1,2\n' } })).status).toBe(400);
    expect((await api(p, 'POST', '/api/admin/intents/evaluate', { cookie: admin, body: 'x', headers: { 'content-type': 'image/png' } })).status).toBe(400);
  });
});

describe('admin intents API: corrections and keyword suggestions', () => {
  const [c1, c2] = DEMO_CUSTOMERS.map((c) => c.external_userid) as [string, string];

  it('mines phrases from complaint and transferred conversations, accepts one as a trigger keyword and rejects another', async () => {
    // customer 2, nobody on duty: an agent marks one message a complaint
    const boss = await customerSays(p, c2, '你们老板是谁');
    // messages the model cannot place (made-up brand names): the phrases mining should find
    await customerSays(p, c2, '彩虹糖会员');
    await customerSays(p, c2, '彩虹糖会员吧');
    expect((await api(p, 'POST', `/api/sidebar/messages/${boss.msgid}/intent`, { cookie: agent, json: { intent: 'complaint' } })).status).toBe(200);
    // customer 1 is handed to lisi (service state 3)
    await p.setStatus('lisi', 'online');
    await customerSays(p, c1, '喵喵星球会员卡啦');
    await customerSays(p, c1, '喵喵星球会员卡呀');
    await waitFor(() => p.deps.db.select().from(conversations).where(eq(conversations.externalUserid, c1)).get()?.serviceState === 3, { what: 'transfer' });
    await p.learning.idle();

    const corrections = await api(p, 'GET', '/api/admin/intents/corrections', { cookie: admin });
    expect(corrections.body).toMatchObject({ total: 1, agreed: 1, corrections: [{ msgid: boss.msgid, toIntent: 'complaint', model: 'complaint', agrees: true, current: true }] });

    const mined = await api(p, 'POST', '/api/admin/intents/suggestions/mine', { cookie: admin, json: {} });
    expect(mined.status).toBe(200);
    const phrases = (mined.body.suggestions as { phrase: string }[]).map((s) => s.phrase);
    expect(phrases).toEqual(expect.arrayContaining(['喵喵星球', '彩虹糖会']));
    const meow = mined.body.suggestions.find((s: { phrase: string }) => s.phrase === '喵喵星球');
    const candy = mined.body.suggestions.find((s: { phrase: string }) => s.phrase === '彩虹糖会');
    expect(meow).toMatchObject({ count: 2, suggestedIntent: 'human_agent', status: 'pending' });
    expect([...meow.examples].sort()).toEqual(['喵喵星球会员卡呀', '喵喵星球会员卡啦']);
    expect(candy).toMatchObject({ suggestedIntent: 'complaint' });

    const accepted = await api(p, 'POST', `/api/admin/intents/suggestions/${meow.id}/accept`, { cookie: admin, json: {} });
    expect(accepted.body).toMatchObject({ status: 'accepted', intent: 'human_agent', decidedBy: 'wangwu' });
    expect((await api(p, 'POST', `/api/admin/intents/suggestions/${meow.id}/accept`, { cookie: admin, json: {} })).status).toBe(409);
    expect((await api(p, 'POST', `/api/admin/intents/suggestions/${candy.id}/reject`, { cookie: admin })).body).toMatchObject({ status: 'rejected' });

    const keywords = await api(p, 'GET', '/api/admin/intents/keywords', { cookie: admin });
    expect(keywords.body.accepted).toMatchObject([{ intent: 'human_agent', keyword: '喵喵星球', addedBy: 'wangwu' }]);
    expect(await acceptedKeywords(p.deps)).toEqual([{ intent: 'human_agent', keywords: ['喵喵星球'] }]);
    expect(matchKeywords('喵喵星球在吗', await currentKeywords(p.deps))).toMatchObject({ intent: 'human_agent', keyword: '喵喵星球' });
    const listed = await api(p, 'GET', '/api/admin/intents', { cookie: admin });
    expect(listed.body.intents.find((i: { id: string }) => i.id === 'human_agent').keywords).toContain('喵喵星球');

    const again = await api(p, 'POST', '/api/admin/intents/suggestions/mine', { cookie: admin, json: {} });
    const againPhrases = (again.body.suggestions as { phrase: string }[]).map((s) => s.phrase);
    expect(againPhrases.some((ph) => ph.includes('喵喵星球') || '喵喵星球'.includes(ph))).toBe(false);
    expect(againPhrases).not.toContain('彩虹糖会');
    expect((await api(p, 'GET', '/api/admin/intents/suggestions?status=rejected', { cookie: admin })).body.suggestions).toMatchObject([{ phrase: '彩虹糖会' }]);
    for (const action of ['intent.suggestions.mine', 'intent.suggestion.accept', 'intent.suggestion.reject']) expect(audits(action).length, action).toBeGreaterThan(0);
    expect(p.deps.db.select().from(auditLog).where(like(auditLog.action, 'intent.%')).all().every((a) => a.actor === 'wangwu' || a.actor === 'lisi')).toBe(true);
  });
});
