import { afterEach, beforeEach, describe, it, expect } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { startProduct, type TestProduct } from '../../support/product';
import { signIn } from '../../support/auth';
import { waitFor } from '../../support/wait';
import { auditLog, intentCorrections, kfServicers, messages } from '../../../server/adapters/db/sqlite/schema/index';
import { startMoonshift } from '../../../server/app/start';
import { DEMO_CUSTOMERS, DEMO_KF } from '../../../server/app/demo/seed-data';
import type { IntentModel } from '../../../shared/intent/index';
import { api, customerSays } from './support';

const customer = DEMO_CUSTOMERS[0].external_userid;
// the written model reads this as chit-chat ("other"); the agent knows it is a complaint
const TEXT = '你们老板是谁';
const VARIANTS = ['你们老板是谁？', '你们老板是谁 ', '你们老板是谁!!', ' 你们老板是谁。'];

let p: TestProduct;
beforeEach(async () => { p = await startProduct({ ADMIN_USERIDS: 'wangwu' }); });
afterEach(async () => { await p?.stop(); });

describe('correcting a message intent from the sidebar', () => {
  it('stores the correction, relabels the message and changes the next classification of the text and its variants', async () => {
    expect(p.deps.intent.classify(TEXT).intent).not.toBe('complaint');
    for (const v of VARIANTS) expect(p.deps.intent.classify(v).intent).not.toBe('complaint');
    const msg = await customerSays(p, customer, TEXT);
    const versionBefore = p.deps.intent.version;
    const cookie = await signIn(p.url, 'lisi');

    const res = await api(p, 'POST', `/api/sidebar/messages/${msg.msgid}/intent`, { cookie, json: { intent: 'complaint' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ message: { msgid: msg.msgid, intent: 'complaint', intentConfidence: 1 }, retrain: 'scheduled' });

    const stored = p.deps.db.select().from(messages).where(eq(messages.msgid, msg.msgid)).get();
    expect(stored).toMatchObject({ intent: 'complaint', intentConfidence: 1 });
    expect(p.deps.db.select().from(intentCorrections).all()).toMatchObject([
      { msgid: msg.msgid, text: TEXT, toIntent: 'complaint', correctedBy: 'lisi' },
    ]);
    expect(p.deps.db.select().from(auditLog).where(eq(auditLog.action, 'intent.correct')).all()).toMatchObject([
      { actor: 'lisi', target: `message:${msg.msgid}` },
    ]);

    await waitFor(() => p.deps.intent.version > versionBefore, { what: 'retrained model', timeoutMs: 60_000 });
    await p.learning.idle();
    expect(p.deps.intent.classify(TEXT)).toMatchObject({ intent: 'complaint', source: 'memory' });
    for (const v of VARIANTS) expect(p.deps.intent.classify(v).intent, v).toBe('complaint');
  });

  it('keeps corrections across a restart: the model is trained with them before the product serves, once', async () => {
    const msg = await customerSays(p, customer, TEXT);
    const cookie = await signIn(p.url, 'zhangsan');
    expect((await api(p, 'POST', `/api/sidebar/messages/${msg.msgid}/intent`, { cookie, json: { intent: 'complaint' } })).status).toBe(200);
    await p.close();

    const again = await startMoonshift({ PORT: '0', SIM_PORT: '0', DATABASE_PATH: join(p.dir, 'moonshift.db'), LOG_LEVEL: 'silent' });
    try {
      // when start resolves: trained with the stored correction, and no second training running or scheduled
      expect(again.deps.intent.extraExamples).toMatchObject([{ text: TEXT, intent: 'complaint', source: 'correction' }]);
      expect(again.deps.intent.classify('你们老板是谁？').intent).toBe('complaint');
      await again.learning.idle();
      expect(again.deps.intent.version).toBe(1);
      expect(again.learning.status()).toMatchObject({ extraExamples: 1, lastError: null, lastTrainedAt: null });
    } finally {
      await again.close();
      rmSync(p.dir, { recursive: true, force: true });
      p = undefined as unknown as TestProduct;
    }
  });

  it('answers 401 without a session, 404 to an agent who serves neither the conversation nor the account (as for a missing message), 400 to bad input', async () => {
    const msg = await customerSays(p, customer, TEXT);
    const path = `/api/sidebar/messages/${msg.msgid}/intent`;
    expect((await api(p, 'POST', path, { json: { intent: 'complaint' } })).status).toBe(401);
    expect((await api(p, 'POST', path, { cookie: 'ms_session=forged', json: { intent: 'complaint' } })).status).toBe(401);

    p.deps.db.delete(kfServicers).where(and(eq(kfServicers.openKfid, DEMO_KF.open_kfid), eq(kfServicers.userid, 'zhangsan'))).run();
    const outsider = await signIn(p.url, 'zhangsan');
    expect((await api(p, 'POST', path, { cookie: outsider, json: { intent: 'complaint' } })).status).toBe(404);

    const cookie = await signIn(p.url, 'lisi');
    expect((await api(p, 'POST', path, { cookie, json: { intent: 'Not An Id' } })).status).toBe(400);
    expect((await api(p, 'POST', path, { cookie, json: { intent: 'no_such_intent' } })).status).toBe(400);
    expect((await api(p, 'POST', '/api/sidebar/messages/nope/intent', { cookie, json: { intent: 'complaint' } })).status).toBe(404);
    expect(p.deps.db.select().from(intentCorrections).all()).toEqual([]);
    expect(p.deps.db.select().from(messages).where(eq(messages.msgid, msg.msgid)).get()?.intent).not.toBe('complaint');
  });
});

describe('retraining while classifying', () => {
  it('never exposes a half-built model: every result is valid and comes whole from one model version', async () => {
    const texts = ['你好', '东西用了一周就坏了', '发票怎么开', '😀😀', '？？？', '', 'x'.repeat(10_000), 'refund 退款 please', TEXT];
    const models = new Map<number, IntentModel>();
    const seenWhileTraining = new Set<number>();
    let batches = 0;
    let checked = 0;
    const msg = await customerSays(p, customer, TEXT);
    const cookie = await signIn(p.url, 'lisi');
    const startVersion = p.deps.intent.version;
    const corrected = api(p, 'POST', `/api/sidebar/messages/${msg.msgid}/intent`, { cookie, json: { intent: 'complaint' } });

    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const intent = p.deps.intent;
      const before = intent.version;
      models.set(before, intent.model);
      const results = texts.map((t) => intent.classify(t));
      const after = intent.version;
      expect(after).toBe(before); // a swap can only happen between batches (between event-loop turns)
      if (p.learning.status().training) seenWhileTraining.add(before);
      const model = models.get(before)!;
      results.forEach((r, i) => {
        const reference = model.classify(texts[i]!);
        if (texts[i] === TEXT && r.intent === 'complaint' && r.source === 'memory') {
          // the corrected text itself is answered from the correction at once, before any retrain
          expect(r.confidence).toBe(1);
        } else {
          expect(r.intent).toBe(reference.intent);
          expect(r.confidence).toBe(reference.confidence);
        }
        expect(model.intents).toContain(r.intent);
        expect(Object.keys(r.scores).sort()).toEqual([...model.intents].sort());
        expect(Object.values(r.scores).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
        expect(r.confidence).toBeGreaterThanOrEqual(0);
        expect(r.confidence).toBeLessThanOrEqual(1);
        expect(r.emotion).toBeGreaterThanOrEqual(0);
        expect(r.emotion).toBeLessThanOrEqual(1);
        checked++;
      });
      batches++;
      if (intent.version > startVersion && !p.learning.status().training && !p.learning.status().pending) break;
      await new Promise((r) => setImmediate(r));
    }
    expect((await corrected).status).toBe(200);
    expect(p.deps.intent.version).toBeGreaterThan(startVersion);
    expect(seenWhileTraining.has(startVersion)).toBe(true); // the old model kept answering during training
    expect(batches).toBeGreaterThan(10);
    expect(checked).toBe(batches * texts.length);
    expect(p.deps.intent.classify(TEXT).intent).toBe('complaint');
  });
});
