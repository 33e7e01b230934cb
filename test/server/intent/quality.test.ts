/**
 * @module The quality targets, on the product's classifier (jieba injected): the held-out HARD split of
 * real-WeChat messages (never trained on or tuned against), per kind of message, the emotion AUC, and the clean split.
 */
import { beforeAll, describe, it, expect } from 'vitest';
import { createIntentClassifier } from '../../../server/core/intent/create-classifier';
import {
  evaluate, HARD_HELDOUT_EXAMPLES, HELDOUT_EXAMPLES, matchKeywords, MESSAGE_KINDS, type ClassifyResult, type IntentClassifier,
} from '../../../shared/intent/index';

let predicted: ClassifyResult[];
let c: IntentClassifier;
beforeAll(() => {
  c = createIntentClassifier();
  predicted = HARD_HELDOUT_EXAMPLES.map((e) => c.classify(e.text));
});

/** Probability that a random upset line (gold ≥ 0.5) scores above a random calm one. */
function auc(rows: { upset: boolean; score: number }[]): number {
  const pos = rows.filter((r) => r.upset);
  const neg = rows.filter((r) => !r.upset);
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p.score > n.score ? 1 : p.score === n.score ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}

describe('held-out HARD split (real WeChat messages)', () => {
  it('reaches accuracy ≥ 0.90 and macro-F1 ≥ the keyword matcher + 0.40', () => {
    const model = evaluate(HARD_HELDOUT_EXAMPLES.map((e, i) => ({ gold: e.intent, predicted: predicted[i]?.intent ?? 'other' })));
    const keyword = evaluate(HARD_HELDOUT_EXAMPLES.map((e) => ({ gold: e.intent, predicted: matchKeywords(e.text).intent })));
    expect(model.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(model.macroF1 - keyword.macroF1).toBeGreaterThanOrEqual(0.4);
  });

  it('gets every kind of message right at least three times in four', () => {
    for (const kind of MESSAGE_KINDS) {
      const lines = HARD_HELDOUT_EXAMPLES.map((e, i) => ({ e, p: predicted[i] })).filter((x) => x.e.kind === kind);
      const accuracy = lines.filter((x) => x.p?.intent === x.e.intent).length / lines.length;
      expect(accuracy, kind).toBeGreaterThanOrEqual(0.75);
    }
  });

  it('separates upset from calm customers with an emotion AUC ≥ 0.90', () => {
    expect(auc(HARD_HELDOUT_EXAMPLES.map((e, i) => ({ upset: e.emotion >= 0.5, score: predicted[i]?.emotion ?? 0 })))).toBeGreaterThanOrEqual(0.9);
  });
});

describe('clean held-out split', () => {
  it('stays at accuracy ≥ 0.93', () => {
    const report = evaluate(HELDOUT_EXAMPLES.map((e) => ({ gold: e.intent, predicted: c.classify(e.text).intent })));
    expect(report.accuracy).toBeGreaterThanOrEqual(0.93);
  });
});
