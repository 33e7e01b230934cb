/** @module Keyword suggestion mining from conversations that ended in a transfer or complaint. */
import { describe, it, expect } from 'vitest';
import { DEFAULT_KEYWORDS, matchKeywords, mineKeywordSuggestions, trainIntentModel, TRAIN_EXAMPLES } from '../../../shared/intent/index';

const model = trainIntentModel(TRAIN_EXAMPLES);

describe('mineKeywordSuggestions', () => {
  const inputs = [
    { text: '你们那个积分商城兑换不了', outcome: 'human_agent' },
    { text: '积分商城一直打不开', outcome: 'human_agent' },
    { text: '积分商城的东西怎么下架了', outcome: 'complaint' },
    { text: '我要投诉', outcome: 'complaint' },
    { text: '转人工', outcome: 'human_agent' },
  ];
  const classifyUnsure = (): { intent: string; confidence: number } => ({ intent: 'other', confidence: 0.2 });

  it('ranks frequent phrases the rules and model miss, with counts, examples and the outcome', () => {
    const s = mineKeywordSuggestions(inputs, { keywords: DEFAULT_KEYWORDS, classify: classifyUnsure });
    expect(s[0]).toMatchObject({ phrase: '积分商城', count: 3, suggestedIntent: 'human_agent' });
    expect(s[0]?.examples).toHaveLength(3);
    expect(s.some((x) => x.phrase === '积分商')).toBe(false);
  });

  it('skips messages a keyword already catches and phrases overlapping existing keywords', () => {
    const s = mineKeywordSuggestions(inputs, { keywords: DEFAULT_KEYWORDS, classify: classifyUnsure, minCount: 1 });
    for (const x of s) {
      expect(x.examples.every((e) => matchKeywords(e).intent === 'other')).toBe(true);
      expect(x.phrase.includes('投诉')).toBe(false);
    }
  });

  it('skips messages the model catches confidently', () => {
    const texts = ['发票开了没', '发票开了没啊', '能开发票吗'];
    const s = mineKeywordSuggestions(texts.map((text) => ({ text })), {
      keywords: [], classify: (t) => model.classify(t), minCount: 1,
    });
    expect(s).toEqual([]);
  });

  it('returns nothing for empty or blank input', () => {
    expect(mineKeywordSuggestions([{ text: '' }, { text: '   ' }], { keywords: DEFAULT_KEYWORDS, classify: classifyUnsure })).toEqual([]);
  });
});
