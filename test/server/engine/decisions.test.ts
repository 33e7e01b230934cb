import { afterEach, describe, it, expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { startProduct, type TestProduct } from '../../support/product';
import { waitFor } from '../../support/wait';
import { decisions, outbox } from '../../../server/adapters/db/sqlite/schema/index';
import { shiftedClock } from '../../../server/app/clock';
import { DEFAULT_RULE_SET } from '../../../shared/engine/index';

let p: TestProduct;
afterEach(async () => { await p.stop(); });

const c1 = 'wmDemoCustomer0001';
/** Callbacks, pulls and sends finished: the product's "everything due is done" signal. */
const settle = () => p.travel!.settle();
async function say(customer: string, text: string) {
  await p.sim.customerSend({ external_userid: customer, msgtype: 'text', content: text });
  await settle();
}
const inbox = (customer = c1) => p.sim.inbox({ external_userid: customer });

describe('decisions through the simulator over HTTP', () => {
  it('gives a night conversation of 5 customer messages one night notice, not five', async () => {
    p = await startProduct();
    for (const t of ['在吗', '有人吗', '我想问下发货时间', '还有别的颜色吗', '明天再说吧']) await say(c1, t);
    const got = await inbox();
    // one night notice (the night template); the other replies answer something: the default pack's appointment
    // form at the 3rd unanswered message and the FAQ entry answering the shipping question
    expect(got.filter((i) => i.text.includes('现在是非工作时间（'))).toHaveLength(1); // the night template names the hours
    expect(got).toHaveLength(3);
    expect(got[1]!.text).toContain('/f/');
    expect(got[2]!.text).toContain('48 小时内发货');
    const rows = p.deps.db.select().from(decisions).all();
    expect(rows).toHaveLength(5);
    const suppressed = rows.slice(1).map((r) => JSON.parse(r.trace).actions.find((a: { guard?: string }) => a.guard === 'off_hours_once'));
    expect(suppressed.filter(Boolean).length).toBeGreaterThanOrEqual(3);
  });

  it('never attempts a 6th send past the WeCom quota, even when the rules plan more', async () => {
    p = await startProduct();
    // a rule set whose one rule wants seven replies to a single customer message, allowed up to the quota
    const greedy = {
      settings: { maxSendsPerMessage: 5 },
      rules: [{ id: 'greedy', name: 'greedy', priority: 10, when: { type: 'window', in: ['night'] },
        then: [...['night', 'faq_card', 'welcome', 'question_collect', 'appointment'].map((kind) => ({ type: 'reply_template', kind })),
          ...['tpl_refund', 'tpl_annoyed'].map((templateId) => ({ type: 'reply_template', kind: 'custom', templateId }))] }],
    };
    const { saveDraft, publishRuleSet } = await import('../../../server/core/services/rule-sets');
    const draft = await saveDraft({ ctx: p.deps, input: { body: greedy, by: 'test' } });
    await publishRuleSet({ ctx: p.deps, input: { version: draft.version, by: 'test' } });
    await say(c1, '在吗');
    expect(await inbox()).toHaveLength(5);
    expect((await p.sim.state()).callCounts['kf/send_msg']).toBe(5);
    const trace = JSON.parse(p.deps.db.select().from(decisions).get()!.trace) as { actions: { status: string; guard?: string }[] };
    expect(trace.actions.filter((a) => a.guard === 'quota')).toHaveLength(2);
    expect(p.deps.db.select().from(outbox).where(eq(outbox.status, 'failed')).all()).toEqual([]);
  });

  it('answers more than 3 identical messages with one offer — truthful when nobody can take it — then silence for the mute period', async () => {
    p = await startProduct({}, { clock: shiftedClock('2026-11-26T10:00:00+08:00') });
    await p.setStatus('lisi', 'dnd');
    // a greeting: "人呢？？" is now read as asking for a person, which the default pack transfers at once in open hours
    for (let i = 0; i < 4; i++) await say(c1, '在吗在吗');
    await say(c1, '还有别的问题');
    const got = await inbox();
    // the dnd notice for the first message, the form at the 3rd unanswered; at the 4th identical one the offer,
    // which — nobody being able to receive — says so instead of offering a transfer; nothing after (muted)
    expect(got.map((i) => i.text)).toEqual([
      expect.stringContaining('正在处理其他事务'), expect.stringContaining('请点击链接选一个方便的时间'), expect.stringContaining('值班同事暂时不在'),
    ]);
    const conv = p.deps.db.select().from(decisions).all().at(-1)!;
    expect(JSON.parse(conv.trace).guards.find((g: { guard: string }) => g.guard === 'muted')).toMatchObject({ active: true });
  });

  it('uses either the old or the new rule set in full for every decision while a publish happens mid-stream', async () => {
    p = await startProduct();
    const { saveDraft, publishRuleSet } = await import('../../../server/core/services/rule-sets');
    const v2 = await saveDraft({
      ctx: p.deps,
      input: { by: 'test', body: { ...DEFAULT_RULE_SET, rules: DEFAULT_RULE_SET.rules.map((r) => (r.id === 'night' ? { ...r, then: [{ type: 'reply_template', kind: 'holiday', templateId: 'tpl_weekend' }] } : r)) } },
    });
    const customers = Array.from({ length: 24 }, (_, i) => `wmStream${String(i).padStart(3, '0')}`);
    const send = (c: string, i: number) => p.sim.customerSend({ external_userid: c, nickname: `客户${i}`, msgtype: 'text', content: '在吗' });
    // The first half writes; the publish lands once some of their decisions are made and others are still in
    // flight; the second half writes after it. Every decision must use one version in full.
    const firstHalf = Promise.all(customers.slice(0, 12).map(send));
    await waitFor(() => p.deps.db.select().from(decisions).all().length > 0, { what: 'a first decision' });
    await publishRuleSet({ ctx: p.deps, input: { version: v2.version, by: 'test' } });
    await Promise.all([firstHalf, ...customers.slice(12).map((c, i) => send(c, i + 12))]);
    await waitFor(async () => p.deps.db.select().from(decisions).all().length === customers.length, { what: 'all decisions' });
    await settle();
    const rows = p.deps.db.select().from(decisions).all();
    const versions = new Set(rows.map((r) => r.ruleSetVersion));
    expect([...versions].every((v) => v === 'default-1' || v === v2.version)).toBe(true);
    expect(versions.size).toBe(2);
    for (const r of rows) {
      const sent = (JSON.parse(r.actions) as { templateId?: string; kind?: string }[]).map((a) => a.templateId ?? a.kind);
      expect(sent).toEqual(r.ruleSetVersion === 'default-1' ? ['night'] : ['tpl_weekend']);
    }
  });
});
