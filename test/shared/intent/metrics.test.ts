/** @module Evaluation metrics on a tiny hand-computed case; CSV/JSONL parsing of labelled sets. */
import { describe, it, expect } from 'vitest';
import { evaluate, parseLabelledCsv, parseLabelledJsonl, percentile } from '../../../shared/intent/index';

describe('evaluate', () => {
  // gold:      a a a b b other other
  // predicted: a a b b other other a
  const rows = [
    { gold: 'a', predicted: 'a', goldEmotion: 0.9, predictedEmotion: 0.8 },
    { gold: 'a', predicted: 'a' },
    { gold: 'a', predicted: 'b', goldEmotion: 0.1, predictedEmotion: 0.6 },
    { gold: 'b', predicted: 'b' },
    { gold: 'b', predicted: 'other' },
    { gold: 'other', predicted: 'other' },
    { gold: 'other', predicted: 'a' },
  ];
  const r = evaluate(rows, { intents: ['a', 'b', 'other'] });

  it('computes accuracy, per-intent precision/recall/F1 and macro-F1', () => {
    expect(r.accuracy).toBeCloseTo(4 / 7, 4);
    const a = r.perIntent.find((m) => m.intent === 'a');
    expect(a).toMatchObject({ precision: 0.6667, recall: 0.6667, f1: 0.6667, support: 3, predicted: 3 });
    const b = r.perIntent.find((m) => m.intent === 'b');
    expect(b).toMatchObject({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2, predicted: 2 });
    const o = r.perIntent.find((m) => m.intent === 'other');
    expect(o).toMatchObject({ precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(r.macroF1).toBeCloseTo((2 / 3 + 0.5 + 0.5) / 3, 4);
  });

  it('lists confusion pairs and the other false-accept rate', () => {
    expect(r.confusion).toEqual([
      { gold: 'a', predicted: 'b', count: 1 }, { gold: 'b', predicted: 'other', count: 1 }, { gold: 'other', predicted: 'a', count: 1 },
    ]);
    expect(r.otherFalseAcceptRate).toBeCloseTo(1 / 5, 4);
  });

  it('reports emotion agreement only over labelled rows', () => {
    expect(r.emotion).toEqual({ labelled: 2, agreement: 0.5, sideAgreement: 0.5, meanAbsError: 0.3 });
    expect(evaluate([{ gold: 'a', predicted: 'a' }]).emotion).toBeNull();
  });

  it('handles an empty set', () => {
    expect(evaluate([])).toMatchObject({ total: 0, accuracy: 0, macroF1: 0, otherFalseAcceptRate: 0 });
  });
});

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile([], 99)).toBe(0);
  });
});

describe('labelled set parsing', () => {
  it('reads CSV with quotes, commas, an emotion column and reports bad records', () => {
    const csv = 'text,intent,emotion\n"你好，在吗",greeting,\n"他说""马上""",order_status,0.5\n,refund,\n多少钱,pricing,7\n';
    const { rows, problems } = parseLabelledCsv(csv);
    expect(rows).toEqual([
      { text: '你好，在吗', intent: 'greeting', line: 2 },
      { text: '他说"马上"', intent: 'order_status', emotion: 0.5, line: 3 },
    ]);
    expect(problems).toEqual([{ line: 4, error: 'empty text' }, { line: 5, error: 'emotion must be a number in [0,1]' }]);
  });

  it('reads JSONL and reports bad lines with their numbers', () => {
    const { rows, problems } = parseLabelledJsonl('{"text":"谢谢","intent":"thanks","emotion":0}\nnope\n\n{"text":1,"intent":"x"}\n');
    expect(rows).toEqual([{ text: '谢谢', intent: 'thanks', emotion: 0, line: 1 }]);
    expect(problems).toEqual([{ line: 2, error: 'invalid JSON' }, { line: 4, error: 'missing text' }]);
  });
});
