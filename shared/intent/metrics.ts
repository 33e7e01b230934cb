/**
 * @module Evaluation metrics (pure): per-intent precision/recall/F1, macro-F1, accuracy, confusion pairs,
 * the `other` false-accept rate, emotion agreement and latency percentiles. Used by the eval CLI and admin API.
 */
import type { IntentId } from '../domain/vocabulary';

export interface EvalRow {
  readonly gold: IntentId;
  readonly predicted: IntentId;
  /** Gold emotion in [0,1] when labelled. */
  readonly goldEmotion?: number;
  readonly predictedEmotion?: number;
}

export interface IntentMetrics {
  readonly intent: IntentId;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Gold count. */
  readonly support: number;
  /** Predicted count. */
  readonly predicted: number;
}

export interface ConfusionPair {
  readonly gold: IntentId;
  readonly predicted: IntentId;
  readonly count: number;
}

export interface EmotionAgreement {
  /** Rows with a gold emotion. */
  readonly labelled: number;
  /** Share with |predicted − gold| ≤ tolerance. */
  readonly agreement: number;
  /** Share on the same side of 0.5 (calm vs upset). */
  readonly sideAgreement: number;
  readonly meanAbsError: number;
}

export interface EvalReport {
  readonly total: number;
  readonly accuracy: number;
  readonly macroF1: number;
  readonly perIntent: readonly IntentMetrics[];
  /** Off-diagonal pairs, most frequent first. */
  readonly confusion: readonly ConfusionPair[];
  /** Share of real requests (gold ≠ fallback) predicted as the fallback intent. */
  readonly otherFalseAcceptRate: number;
  readonly emotion: EmotionAgreement | null;
}

export interface EvaluateOptions {
  /** Intents to report (default: every gold or predicted id, in first-seen order). */
  readonly intents?: readonly IntentId[];
  readonly fallbackIntent?: IntentId;
  /** Emotion tolerance for agreement. Default 0.25. */
  readonly emotionTolerance?: number;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
const round = (v: number): number => Math.round(v * 10000) / 10000;

export function evaluate(rows: readonly EvalRow[], options: EvaluateOptions = {}): EvalReport {
  const fallback = options.fallbackIntent ?? 'other';
  const intents = [...(options.intents ?? [])];
  for (const r of rows) for (const id of [r.gold, r.predicted]) if (!intents.includes(id)) intents.push(id);
  const tp = new Map<IntentId, number>();
  const goldCount = new Map<IntentId, number>();
  const predCount = new Map<IntentId, number>();
  const pairs = new Map<string, ConfusionPair>();
  let correct = 0;
  let real = 0;
  let swallowed = 0;
  for (const r of rows) {
    goldCount.set(r.gold, (goldCount.get(r.gold) ?? 0) + 1);
    predCount.set(r.predicted, (predCount.get(r.predicted) ?? 0) + 1);
    if (r.gold === r.predicted) {
      correct++;
      tp.set(r.gold, (tp.get(r.gold) ?? 0) + 1);
    } else {
      const key = `${r.gold}\u0000${r.predicted}`;
      const prev = pairs.get(key);
      pairs.set(key, { gold: r.gold, predicted: r.predicted, count: (prev?.count ?? 0) + 1 });
    }
    if (r.gold !== fallback) {
      real++;
      if (r.predicted === fallback) swallowed++;
    }
  }
  const perIntent = intents.map((intent): IntentMetrics => {
    const t = tp.get(intent) ?? 0;
    const support = goldCount.get(intent) ?? 0;
    const predicted = predCount.get(intent) ?? 0;
    const precision = ratio(t, predicted);
    const recall = ratio(t, support);
    const f1 = ratio(2 * precision * recall, precision + recall);
    return { intent, precision: round(precision), recall: round(recall), f1: round(f1), support, predicted };
  });
  const scored = perIntent.filter((m) => m.support > 0 || m.predicted > 0);
  const macroF1 = ratio(scored.reduce((s, m) => s + m.f1, 0), scored.length);
  const confusion = [...pairs.values()].sort((a, b) => b.count - a.count
    || a.gold.localeCompare(b.gold) || a.predicted.localeCompare(b.predicted));
  return {
    total: rows.length,
    accuracy: round(ratio(correct, rows.length)),
    macroF1: round(macroF1),
    perIntent,
    confusion,
    otherFalseAcceptRate: round(ratio(swallowed, real)),
    emotion: emotionAgreement(rows, options.emotionTolerance ?? 0.25),
  };
}

function emotionAgreement(rows: readonly EvalRow[], tolerance: number): EmotionAgreement | null {
  let n = 0;
  let agree = 0;
  let side = 0;
  let abs = 0;
  for (const r of rows) {
    if (r.goldEmotion === undefined || r.predictedEmotion === undefined) continue;
    n++;
    const d = Math.abs(r.predictedEmotion - r.goldEmotion);
    abs += d;
    if (d <= tolerance + 1e-9) agree++;
    if ((r.predictedEmotion >= 0.5) === (r.goldEmotion >= 0.5)) side++;
  }
  if (n === 0) return null;
  return { labelled: n, agreement: round(agree / n), sideAgreement: round(side / n), meanAbsError: round(abs / n) };
}

/** Nearest-rank percentile (p in 0..100) of a list of numbers; 0 for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? 0;
}

export interface LatencySummary { readonly p50: number; readonly p99: number; readonly max: number; readonly count: number }

/** p50/p99/max of latencies (milliseconds), rounded to microseconds. */
export function summarizeLatency(ms: readonly number[]): LatencySummary {
  const r = (v: number): number => Math.round(v * 1000) / 1000;
  return { p50: r(percentile(ms, 50)), p99: r(percentile(ms, 99)), max: r(percentile(ms, 100)), count: ms.length };
}
