/** @module Tests for decide as a whole: purity, caching, conversations over several messages, explanations. */
import { describe, it, expect } from 'vitest';
import { decide, compileRuleSet, DEFAULT_RULE_SET, explainTrace, type Decision, type Facts } from '../../../shared/engine';
import { buildFacts } from './facts';

const deepFreeze = <T>(o: T): T => {
  if (o && typeof o === 'object') { Object.values(o).forEach(deepFreeze); Object.freeze(o); }
  return o;
};

/** What the server would persist after executing a decision. */
function apply(f: Facts, d: Decision): void {
  for (const a of d.actions) {
    if ('kind' in a && a.noticeKey) f.conversation.noticesSent.push(a.noticeKey);
    if (a.type === 'offer_transfer') f.conversation.transferOfferSentAt = f.now;
    if (a.type === 'mute') f.conversation.mutedUntil = a.until;
    if (a.type === 'tag') f.conversation.tags.push(a.tag);
  }
}

/** A conversation: consecutive customer messages one minute apart, nobody answering. */
function converse(texts: string[], start: string, window: Facts['time']['window']) {
  const base = buildFacts({ at: start, window });
  const t0 = Date.parse(start);
  const sent: string[][] = [];
  texts.forEach((text, i) => {
    const now = new Date(t0 + i * 60_000).toISOString();
    base.now = now;
    base.message = { ...base.message, text, isFirstOfSession: i === 0 };
    base.conversation.unansweredCount = i + 1;
    base.conversation.unansweredSince = start;
    base.conversation.quotaLeft = 5;
    base.conversation.sameContentCount = texts.slice(0, i + 1).filter((x) => x === text).length;
    const d = decide(base, DEFAULT_RULE_SET, now);
    apply(base, d);
    sent.push(d.actions.map((a) => ('kind' in a ? `${a.type}:${a.kind}` : a.type)));
  });
  return sent;
}

describe('decide', () => {
  it('is pure: frozen facts and rule set, same answer twice', () => {
    const facts = deepFreeze(buildFacts({ at: '2026-11-26T22:00:00+08:00', window: 'night', text: '紧急' }));
    const rs = deepFreeze(structuredClone(DEFAULT_RULE_SET));
    const a = decide(facts, rs, facts.now);
    const b = decide(facts, rs, new Date(facts.now));
    expect(b).toEqual(a);
  });

  it('accepts a stored rule set without defaults, and refuses an invalid one loudly', () => {
    const facts = buildFacts({ at: '2026-11-26T22:00:00+08:00', window: 'night' });
    const raw = { version: 7, rules: [{ id: 'n', name: 'n', when: { type: 'window', in: ['night'] }, then: [{ type: 'reply_template', kind: 'night' }] }] };
    const d = decide(facts, raw as never, facts.now);
    expect(d.actions.map((a) => a.type)).toEqual(['reply_template']);
    expect(d.trace.version).toBe('7');
    expect(() => decide(facts, { version: 1, rules: [{ id: 'x', name: 'x', when: { type: 'nope' }, then: [] }] } as never, facts.now))
      .toThrow(/invalid rule set: rules\[0\]\.when\.type: unknown condition type "nope"/);
  });

  it('compiles a rule set once and reuses it', () => {
    expect(compileRuleSet(DEFAULT_RULE_SET)).toBe(compileRuleSet(DEFAULT_RULE_SET));
  });

  it('records the rule-set version and key facts in a JSON-serialisable trace', () => {
    const facts = buildFacts({ at: '2026-11-26T22:00:00+08:00', window: 'night' });
    const { trace } = decide(facts, DEFAULT_RULE_SET, facts.now);
    expect(trace.version).toBe('default-1');
    expect(trace.facts).toMatchObject({ window: 'night', windowKey: '2026-11-26/night', agentStatus: 'online', quotaLeft: 5 });
    expect(trace.rules).toHaveLength(DEFAULT_RULE_SET.rules.length);
    expect(JSON.parse(JSON.stringify(trace))).toEqual(trace);
  });

  it('stamps the off-hours notice with its window key and kind, and the mute with its end', () => {
    const facts = buildFacts({ at: '2026-11-26T22:00:00+08:00', window: 'night', text: '别烦我' });
    const d = decide(facts, DEFAULT_RULE_SET, facts.now);
    expect(d.actions.find((a) => a.type === 'mute')).toMatchObject({ minutes: 240, until: '2026-11-26T18:00:00.000Z' });
    const night = decide(buildFacts({ at: '2026-11-26T22:00:00+08:00', window: 'night' }), DEFAULT_RULE_SET, facts.now);
    expect(night.actions[0]).toMatchObject({ kind: 'night', noticeKey: '2026-11-26/night#night' });
  });

  it('a night conversation of 5 messages gets one night notice, not five', () => {
    const sent = converse(['在吗', '有人吗', '你好', '请问一下', '在不在'], '2026-11-26T22:00:00+08:00', 'night');
    expect(sent.flat().filter((s) => s === 'reply_template:night')).toHaveLength(1);
    expect(sent).toEqual([['reply_template:night'], [], ['reply_form_link:appointment'], [], []]);
  });

  it('offers a human once when the same text comes more than 3 times within 5 minutes, then stays silent', () => {
    const sent = converse(['人呢', '人呢', '人呢', '人呢', '人呢'], '2026-11-26T10:00:00+08:00', 'open');
    expect(sent.flat().filter((s) => s.startsWith('offer_transfer'))).toHaveLength(1);
    expect(sent[2]?.filter((s) => s.startsWith('offer_transfer'))).toEqual([]);
    expect(sent[3]).toEqual(['offer_transfer:transfer_notice', 'mute']);
    expect(sent[4]?.filter((s) => s.includes(':'))).toEqual([]);
  });

  it('never plans more sends than the quota left', () => {
    for (let quota = 0; quota <= 5; quota++) {
      const facts = buildFacts({ at: '2026-11-26T22:00:00+08:00', window: 'night', intent: 'refund@0.9', quota, first: true });
      const d = decide(facts, DEFAULT_RULE_SET, facts.now);
      expect(d.actions.filter((a) => 'kind' in a).length).toBeLessThanOrEqual(quota);
    }
  });

  it('a follow-up for a rule that no longer exists does nothing', () => {
    const facts = buildFacts({ at: '2026-11-26T10:00:00+08:00', window: 'open' });
    expect(decide(facts, DEFAULT_RULE_SET, facts.now, { followUpRuleId: 'gone' }).actions).toEqual([]);
  });

  it('explains itself in Chinese and English', () => {
    const facts = buildFacts({ at: '2026-11-26T10:00:00+08:00', window: 'open', text: '在吗', agent: 'dnd', noticesSent: ['current'] });
    const { trace } = decide(facts, DEFAULT_RULE_SET, facts.now);
    const zh = explainTrace(trace, 'zh');
    expect(zh[0]).toBe('规则版本 default-1 · 工作时间 · 意图 其他（0.30）· 情绪 0.10 · 客服请勿打扰');
    expect(zh).toContain('✗ 规则「夜间自动回复」未触发：时段为 夜间 — 实际：工作时间');
    expect(zh).toContain('⊘ 未发送请勿打扰消息：本时段已发过非工作时间提示');
    const en = explainTrace(trace, 'en');
    expect(en[0]).toBe('rules default-1 · Open hours · intent Other (0.30) · emotion 0.10 · agent Do not disturb');
    expect(en).toContain('✗ rule "夜间自动回复" did not fire: window is Night — actual: Open hours');
    expect(en).toContain('⊘ the "Do not disturb" message held back: off-hours notice already sent for this window');
    const urgent = decide(buildFacts({ at: '2026-11-26T22:00:00+08:00', window: 'night', text: '紧急' }), DEFAULT_RULE_SET, facts.now);
    expect(explainTrace(urgent.trace)).toEqual(expect.arrayContaining(['→ 发送紧急消息', '→ 转人工 → 值班同事 zhang', '→ 提醒值班主管 → boss：紧急/投诉消息']));
    expect(explainTrace(urgent.trace, 'en')).toEqual(expect.arrayContaining(['→ send the "Emergency" message', '→ transfer → the colleague on duty zhang']));
  });

  it('says windows, statuses, intents, templates, menu buttons and people by name in both languages, never their ids', () => {
    const facts = buildFacts({ at: '2026-11-26T10:00:00+08:00', window: 'open', text: '在吗', agent: 'dnd', noticesSent: ['current'] });
    const { trace } = decide(facts, DEFAULT_RULE_SET, facts.now);
    const urgent = decide(buildFacts({ at: '2026-11-26T22:00:00+08:00', window: 'night', text: '紧急' }), DEFAULT_RULE_SET, facts.now);
    const names = {
      person: (u: string) => ({ zhang: '张三', boss: '王五' })[u] ?? '同事',
      template: (id: string) => ({ tpl_no_agent: '无人可接待' })[id],
      menu: (id: string) => ({ transfer_human: '转人工', urgent: '紧急' })[id],
    };
    for (const lang of ['zh', 'en'] as const) {
      const text = [...explainTrace(trace, lang, { names }), ...explainTrace(urgent.trace, lang, { names })].join('\n');
      // every id of the vocabulary, as a whole lower-case word (the rule names are the admin's own Chinese)
      for (const id of ['open', 'night', 'dnd', 'online', 'other', 'urgent', 'emergency', 'on_duty', 'transfer_human', 'zhang', 'boss', 'alert_manager']) {
        expect(text, `${lang}: ${id}`).not.toMatch(new RegExp(`(^|[^A-Za-z_])${id}($|[^A-Za-z_])`));
      }
    }
    expect(explainTrace(urgent.trace, 'en', { names })).toEqual(expect.arrayContaining(['→ transfer → the colleague on duty 张三', '→ alert the duty manager → 王五: 紧急/投诉消息']));
    expect(explainTrace(trace, 'en', { names }).join('\n')).toContain('customer clicked menu item “转人工”');
  });
});
