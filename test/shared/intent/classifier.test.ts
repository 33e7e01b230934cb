/** @module IntentClassifier: corrections change the next prediction; retraining swaps atomically. */
import { describe, it, expect } from 'vitest';
import { HELDOUT_EXAMPLES, IntentClassifier, type IntentExample } from '../../../shared/intent/index';

const corrected = '我想咨询一下怎么入会';
const variants = ['请问怎么入会', '想咨询下怎么入会？', '我想咨询一下怎么入会！！'];
const correction: IntentExample = { text: corrected, intent: 'product_info', source: 'correction' };

describe('learning from agent corrections', () => {
  it('changes the next prediction for the corrected text and its close variants', () => {
    const c = new IntentClassifier();
    expect(c.classify(corrected).intent).not.toBe('product_info');
    const before = variants.map((v) => c.classify(v).intent);
    expect(before.some((i) => i !== 'product_info')).toBe(true);
    c.retrain([correction]);
    expect(c.classify(corrected)).toMatchObject({ intent: 'product_info', source: 'memory' });
    for (const v of variants) expect(c.classify(v).intent, v).toBe('product_info');
  });

  it('trains with extra examples from the start as a retrain with them would (one training, not two)', () => {
    const admin: IntentExample = { text: '招商加盟政策', intent: 'product_info', source: 'admin' };
    const c = new IntentClassifier({ extra: [correction, admin] });
    expect(c.extraExamples).toEqual([correction, admin]);
    expect(c.version).toBe(1);
    expect(c.classify(corrected)).toMatchObject({ intent: 'product_info', source: 'memory' });
    const retrained = new IntentClassifier();
    retrained.retrain([correction, admin]);
    for (const t of [...variants, '招商加盟政策怎么样', '发票怎么开']) expect(c.classify(t)).toEqual(retrained.classify(t));
  });

  it('overrides a seed label for the same text and keeps the rest of the model intact', () => {
    const c = new IntentClassifier();
    c.retrain([{ text: '好的', intent: 'greeting', source: 'correction' }]);
    expect(c.classify('好的').intent).toBe('greeting');
    const correct = HELDOUT_EXAMPLES.filter((e) => c.classify(e.text).intent === e.intent).length;
    expect(correct / HELDOUT_EXAMPLES.length).toBeGreaterThanOrEqual(0.9);
  });

  it('learns an intent an admin adds with examples', () => {
    const c = new IntentClassifier();
    const texts = ['怎么加盟你们', '加盟费多少', '想做你们的代理商', '代理政策发我', '我想开个加盟店', '加盟条件是什么',
      '区域代理还有吗', '怎么成为经销商', '经销商拿货价', '招商政策'];
    c.retrain(texts.map((text) => ({ text, intent: 'franchise', source: 'admin' as const, weight: 2 })));
    expect(c.model.intents).toContain('franchise');
    expect(c.classify('请问加盟需要什么条件').intent).toBe('franchise');
  });
});

describe('atomic retraining', () => {
  it('serves every classify during a stepwise retrain from the old model in full, then swaps once', async () => {
    const c = new IntentClassifier();
    const old = c.model;
    const probes = [corrected, ...variants, '发票怎么开', '转人工'];
    const expected = probes.map((t) => c.classify(t));
    let steps = 0;
    const pause = async (): Promise<void> => {
      steps++;
      await new Promise((r) => setTimeout(r, 0));
      expect(c.model).toBe(old);
      probes.forEach((t, i) => expect(c.classify(t)).toEqual(expected[i]));
    };
    const version = c.version;
    const trained = await c.retrainAsync([correction], pause);
    expect(steps).toBeGreaterThan(5);
    expect(c.model).toBe(trained);
    expect(c.version).toBe(version + 1);
    expect(c.classify(corrected).intent).toBe('product_info');
  });

  it('keeps answering from the old model while a retrain runs concurrently on the event loop', async () => {
    const c = new IntentClassifier();
    const old = c.model;
    const seen = new Set<unknown>();
    let running = true;
    const done = c.retrainAsync([correction]).finally(() => { running = false; });
    while (running) {
      seen.add(c.model);
      expect(c.classify(corrected).intent).toBe(c.model === old ? old.classify(corrected).intent : 'product_info');
      await new Promise((r) => setTimeout(r, 0));
    }
    await done;
    expect(seen.has(old)).toBe(true);
    expect(c.model).not.toBe(old);
  });

  it('lets the newest of two overlapping retrains win', async () => {
    const c = new IntentClassifier();
    const first = c.retrainAsync([correction]);
    const second = c.retrainAsync([{ text: corrected, intent: 'pricing', source: 'correction' }]);
    await Promise.all([first, second]);
    expect(c.classify(corrected).intent).toBe('pricing');
  });
});

describe('classify result', () => {
  it('carries emotion and its cues', () => {
    const c = new IntentClassifier();
    const r = c.classify('你们客服态度非常差！！！我要投诉');
    expect(r.intent).toBe('complaint');
    expect(r.emotion).toBeGreaterThanOrEqual(0.8);
    expect(r.emotionCues.map((cue) => cue.text)).toEqual(expect.arrayContaining(['投诉', '!!!']));
  });
});
