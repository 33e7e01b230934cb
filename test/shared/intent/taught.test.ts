/** @module What people taught: corrections decide their text and close variants; trigger words decide at once. */
import { describe, it, expect } from 'vitest';
import { canonicalText, IntentClassifier, trainIntentModel, TRAIN_EXAMPLES } from '../../../shared/intent/index';
import { CorrectionMemory, TriggerWords, VARIANT_JACCARD } from '../../../shared/intent/taught';
import { trigramJaccard } from '../../../shared/intent/similarity';

const model = trainIntentModel(TRAIN_EXAMPLES, { epochs: 6 });

describe('CorrectionMemory', () => {
  it('decides the same canonical text and variants with 3-gram Jaccard ≥ 0.8, not farther ones', () => {
    const m = new CorrectionMemory();
    m.set(canonicalText('你们老板是谁'), 'complaint');
    expect(m.find(canonicalText('你們老闆是誰？？'))?.intent).toBe('complaint');
    expect(trigramJaccard('你们老板是谁', '你们老板是谁啊')).toBeGreaterThanOrEqual(VARIANT_JACCARD);
    expect(m.find(canonicalText('你们老板是谁啊'))?.intent).toBe('complaint');
    expect(trigramJaccard('你们老板是谁', '请问你们老板是谁')).toBeLessThan(VARIANT_JACCARD);
    expect(m.find(canonicalText('请问你们老板是谁'))).toBeUndefined();
  });

  it('keeps the latest correction of a text', () => {
    const m = new CorrectionMemory();
    m.set('在吗', 'greeting');
    m.set('在吗', 'human_agent');
    expect(m.find('在吗')?.intent).toBe('human_agent');
  });
});

describe('TriggerWords', () => {
  it('matches the word in any spelling the canonical form folds together, first list first', () => {
    const t = new TriggerWords([{ intent: 'human_agent', keywords: ['验证码'] }, { intent: 'refund', keywords: ['验证'] }], canonicalText);
    expect(t.find(canonicalText('驗證碼收不到'))).toEqual({ intent: 'human_agent', source: 'keyword', evidence: '验证码' });
    expect(t.find(canonicalText('快递到哪了'))).toBeUndefined();
  });
});

describe('IntentClassifier teaching', () => {
  it('a taught correction and an accepted trigger word change the very next classification', () => {
    const c = new IntentClassifier({ model });
    c.teach('喵喵星球会员卡', 'complaint');
    expect(c.classify('喵喵星球会员卡！')).toMatchObject({ intent: 'complaint', source: 'memory', confidence: 1 });
    c.setTriggers([{ intent: 'human_agent', keywords: ['验证码'] }]);
    expect(c.classify('验证码没收到')).toMatchObject({ intent: 'human_agent', source: 'keyword', evidence: '验证码' });
    expect(c.classify('验证码没收到').confidence).toBeGreaterThanOrEqual(0.9);
    expect(c.classifyWithTriggers('验证码没收到', []).source).toBe('model');
  });

  it('a snapshot keeps the model, words and corrections it was taken with', () => {
    const c = new IntentClassifier({ model, triggers: [{ intent: 'human_agent', keywords: ['验证码'] }] });
    c.teach('彩虹糖会员', 'complaint');
    const pinned = c.snapshot();
    c.setTriggers([]);
    expect(pinned.classify('验证码没收到').intent).toBe('human_agent');
    expect(pinned.classify('彩虹糖会员').intent).toBe('complaint');
  });
});
