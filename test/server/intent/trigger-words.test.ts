/** @module Learning that changes behaviour: an accepted trigger word decides the next message and its variants. */
import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { shiftedClock } from '../../../server/app/clock';
import { startProduct, type TestProduct } from '../../support/product';
import { signIn } from '../../support/auth';
import { decisions, keywordSuggestions } from '../../../server/adapters/db/sqlite/schema/index';
import { DEMO_CUSTOMERS } from '../../../server/app/demo/seed-data';
import type { Trace } from '../../../shared/engine/index';
import { api, customerSays } from './support';

const [c1, c2] = DEMO_CUSTOMERS.map((c) => c.external_userid) as [string, string];

let p: TestProduct;
let admin: string;
beforeAll(async () => {
  // open hours: a human_agent intent at ≥ 0.7 hands the conversation to a person (rule human_request)
  p = await startProduct({ ADMIN_USERIDS: 'wangwu' }, { clock: shiftedClock('2026-11-26T10:00:00+08:00') });
  admin = await signIn(p.url, 'wangwu');
});
afterAll(async () => { await p.stop(); });

function firedFor(msgid: string): string[] {
  const row = p.deps.db.select().from(decisions).where(eq(decisions.causeMsgid, msgid)).get();
  const trace = JSON.parse(row?.trace ?? '{"rules":[]}') as Trace;
  return trace.rules.filter((r) => r.outcome === 'fired' || r.outcome === 'forced').map((r) => r.ruleId);
}

describe('an accepted trigger word', () => {
  it('changes the next decision for the text and its close variants at once, and the admin sees what it changed', async () => {
    const before = await customerSays(p, c1, '验证码没收到');
    expect(before.intent).not.toBe('human_agent');
    expect(firedFor(before.msgid)).not.toContain('human_request');

    const suggestion = p.deps.db.insert(keywordSuggestions).values({
      phrase: '验证码', count: 3, examples: '["验证码没收到"]', suggestedIntent: 'human_agent', status: 'pending', minedAt: p.clock.now(),
    }).returning().get();
    const accepted = await api(p, 'POST', `/api/admin/intents/suggestions/${suggestion.id}/accept`, { cookie: admin, json: {} });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      status: 'accepted', intent: 'human_agent',
      impact: { keyword: '验证码', intent: 'human_agent', changedCount: 1, changed: [{ msgid: before.msgid, before: { intent: before.intent }, after: { intent: 'human_agent' } }] },
    });

    // no retrain awaited: the very next message already uses the word
    const variant = await customerSays(p, c2, '验证码还是收不到啊');
    expect(variant).toMatchObject({ intent: 'human_agent' });
    expect(variant.intentConfidence).toBeGreaterThanOrEqual(0.9);
    expect(firedFor(variant.msgid)).toContain('human_request');
    expect(p.deps.intent.classify('驗證碼沒收到')).toMatchObject({ intent: 'human_agent', source: 'keyword', evidence: '验证码' });

    const impacts = await api(p, 'GET', '/api/admin/intents/keywords/impact', { cookie: admin });
    expect(impacts.body.impacts).toMatchObject([{ keyword: '验证码', changedCount: 2 }]);
    await p.learning.idle();
    expect(p.deps.intent.classify('验证码没收到').intent).toBe('human_agent');
  });

  it('does not turn an emergency into something else', async () => {
    expect(p.deps.intent.classify('账号被盗了 验证码一直在发 钱被转走了')).toMatchObject({ intent: 'urgent' });
  });
});
