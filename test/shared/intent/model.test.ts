/** @module The model on the project's own splits: quality targets, data hygiene, determinism, robustness. */
import { describe, it, expect } from 'vitest';
import { DEFAULT_INTENTS } from '../../../shared/domain/vocabulary';
import {
  DEFAULT_INTENT_PACK, evaluate, HELDOUT_EXAMPLES, IntentModel, matchKeywords, normalizeText, trainIntentModel,
  TRAIN_EXAMPLES,
} from '../../../shared/intent/index';

const model = trainIntentModel(TRAIN_EXAMPLES);
const report = evaluate(HELDOUT_EXAMPLES.map((e) => ({ gold: e.intent, predicted: model.classify(e.text).intent })));
const keyword = evaluate(HELDOUT_EXAMPLES.map((e) => ({ gold: e.intent, predicted: matchKeywords(e.text).intent })));

describe('default intent pack and data', () => {
  it('covers every default intent id with Chinese and English labels', () => {
    expect(DEFAULT_INTENT_PACK.map((d) => d.id)).toEqual([...DEFAULT_INTENTS]);
    for (const d of DEFAULT_INTENT_PACK) expect(d.labelZh && d.labelEn && d.description).toBeTruthy();
  });

  it('has at least 80 training and 25 held-out examples per intent', () => {
    for (const id of DEFAULT_INTENTS) {
      expect(TRAIN_EXAMPLES.filter((e) => e.intent === id).length, id).toBeGreaterThanOrEqual(80);
      expect(HELDOUT_EXAMPLES.filter((e) => e.intent === id).length, id).toBeGreaterThanOrEqual(25);
    }
  });

  it('never shares a (normalised) text between the training and held-out splits', () => {
    const train = new Set(TRAIN_EXAMPLES.map((e) => normalizeText(e.text)));
    expect(HELDOUT_EXAMPLES.filter((e) => train.has(normalizeText(e.text))).map((e) => e.text)).toEqual([]);
  });

  it('labels "东西用了一周就坏了" as after_sales and predicts it so', () => {
    expect(TRAIN_EXAMPLES.find((e) => e.text === '东西用了一周就坏了')?.intent).toBe('after_sales');
    expect(model.classify('东西用了一周就坏了').intent).toBe('after_sales');
  });
});

describe('held-out quality', () => {
  it('reaches accuracy ≥ 0.90', () => {
    expect(report.accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('beats the keyword matcher by at least 15 macro-F1 points', () => {
    expect(report.macroF1 - keyword.macroF1).toBeGreaterThanOrEqual(0.15);
  });

  it('lets `other` swallow at most 5% of real requests', () => {
    expect(report.otherFalseAcceptRate).toBeLessThanOrEqual(0.05);
  });

  it('is calibrated: mean confidence is within 0.1 of held-out accuracy', () => {
    const mean = HELDOUT_EXAMPLES.reduce((s, e) => s + model.classify(e.text).confidence, 0) / HELDOUT_EXAMPLES.length;
    expect(Math.abs(mean - report.accuracy)).toBeLessThanOrEqual(0.1);
  });
});

describe('determinism and serialisation', () => {
  it('gives identical predictions and scores after two trainings', () => {
    const again = trainIntentModel(TRAIN_EXAMPLES);
    for (const e of HELDOUT_EXAMPLES) expect(again.classify(e.text)).toEqual(model.classify(e.text));
  });

  it('round-trips through JSON with the same predictions', () => {
    const copy = IntentModel.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    for (const e of HELDOUT_EXAMPLES.slice(0, 60)) {
      const a = model.classify(e.text);
      const b = copy.classify(e.text);
      expect(b.intent).toBe(a.intent);
      expect(b.confidence).toBeCloseTo(a.confidence, 4);
    }
  });

  it('rejects a serialised model whose weights do not fit', () => {
    const json = model.toJSON();
    expect(() => IntentModel.fromJSON({ ...json, bias: [1] })).toThrow(/weights/);
  });
});

describe('robustness', () => {
  const inputs: [string, string][] = [
    ['empty', ''], ['spaces', '   \n\t '], ['10 KB', '东西坏了怎么办'.repeat(1500)], ['only emoji', '😀🎉👀🔥'],
    ['only punctuation', '？？？！！！。。。'], ['mixed scripts', 'Hello 你好 مرحبا Привет こんにちは 123'],
    ['lone surrogate', '\ud83d'], ['control chars', '\u0000\u0001\u0002'],
  ];
  it.each(inputs)('returns a valid result for %s', (_, text) => {
    const r = model.classify(text);
    expect(model.intents).toContain(r.intent);
    expect(r.confidence).toBeGreaterThanOrEqual(0);
    expect(r.confidence).toBeLessThanOrEqual(1);
    const sum = Object.values(r.scores).reduce((s, v) => s + v, 0);
    expect(sum).toBeCloseTo(1, 5);
  });

  it('falls back to other for empty and pure-noise text', () => {
    expect(model.classify('').intent).toBe('other');
    expect(model.classify('\u0000').intent).toBe('other');
  });

  it('trains on an empty example list without throwing', () => {
    const empty = trainIntentModel([]);
    expect(empty.classify('你好').intent).toBe('other');
  });
});

describe('normalisation', () => {
  it('folds full-width, traditional characters, case, digits and long repeats', () => {
    expect(normalizeText('ＡＢＣ１２３')).toBe('abc00');
    expect(normalizeText('订单7788', { squashRepeats: false })).toBe('订单0000');
    expect(normalizeText('東西壞了，發貨')).toBe('东西坏了,发货');
    expect(normalizeText('急急急急急')).toBe('急急');
    expect(normalizeText('  a   b  ')).toBe('a b');
  });
});
