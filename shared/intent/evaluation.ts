/**
 * @module Batch evaluation of a labelled set: the model and the keyword matcher side by side (metrics and
 * per-call latency). Pure apart from the injected clock; used by the eval CLI and the admin API.
 */
import type { IntentId } from '../domain/vocabulary';
import type { ClassifyResult } from './classifier';
import type { LabelledRow } from './dataset';
import { DEFAULT_KEYWORDS, matchKeywords, type KeywordList } from './keywords';
import { evaluate, summarizeLatency, type EvalReport, type EvalRow, type LatencySummary } from './metrics';

export interface SystemReport extends EvalReport { readonly latencyMs: LatencySummary }

export interface ComparisonReport {
  readonly rows: number;
  readonly model: SystemReport;
  readonly keyword: SystemReport;
  /** model − keyword. */
  readonly delta: { readonly accuracy: number; readonly macroF1: number };
  /** Texts the model got wrong (first `maxErrors`). */
  readonly errors: readonly { text: string; gold: IntentId; model: IntentId; keyword: IntentId; confidence: number }[];
  /** Accuracy per kind of message, when the set labels kinds (in order of first appearance). */
  readonly perKind?: readonly KindAccuracy[];
}

export interface KindAccuracy { readonly kind: string; readonly total: number; readonly accuracy: number; readonly keywordAccuracy: number }

export interface CompareOptions {
  readonly classify: (text: string) => Pick<ClassifyResult, 'intent' | 'confidence' | 'emotion'>;
  readonly keywords?: readonly KeywordList[];
  readonly intents?: readonly IntentId[];
  /** Milliseconds clock for latency (e.g. `performance.now`). */
  readonly now: () => number;
  readonly maxErrors?: number;
}

/** Accumulates one row at a time, so a caller can pause between rows (see `compareOnSetAsync`). */
function comparison(options: CompareOptions) {
  const keywords = options.keywords ?? DEFAULT_KEYWORDS;
  const modelMs: number[] = [];
  const keywordMs: number[] = [];
  const modelRows: EvalRow[] = [];
  const keywordRows: EvalRow[] = [];
  const errors: ComparisonReport['errors'][number][] = [];
  const kinds = new Map<string, { total: number; model: number; keyword: number }>();
  return {
    add(row: LabelledRow): void {
      let t = options.now();
      const p = options.classify(row.text);
      modelMs.push(options.now() - t);
      t = options.now();
      const k = matchKeywords(row.text, keywords);
      keywordMs.push(options.now() - t);
      const k2 = (gold: IntentId): number => (k.intent === gold ? 1 : 0);
      const gold = row.emotion === undefined ? {} : { goldEmotion: row.emotion };
      modelRows.push({ gold: row.intent, predicted: p.intent, predictedEmotion: p.emotion, ...gold });
      keywordRows.push({ gold: row.intent, predicted: k.intent });
      if (row.kind !== undefined) {
        const k = kinds.get(row.kind) ?? { total: 0, model: 0, keyword: 0 };
        kinds.set(row.kind, { total: k.total + 1, model: k.model + (p.intent === row.intent ? 1 : 0), keyword: k.keyword + (k2(row.intent)) });
      }
      if (p.intent !== row.intent && errors.length < (options.maxErrors ?? 50)) {
        errors.push({ text: row.text, gold: row.intent, model: p.intent, keyword: k.intent, confidence: Math.round(p.confidence * 1000) / 1000 });
      }
    },
    finish(): ComparisonReport {
      const opts = options.intents === undefined ? {} : { intents: options.intents };
      const model = { ...evaluate(modelRows, opts), latencyMs: summarizeLatency(modelMs) };
      const keyword = { ...evaluate(keywordRows, opts), latencyMs: summarizeLatency(keywordMs) };
      const r = (v: number): number => Math.round(v * 10000) / 10000;
      const perKind = [...kinds].map(([kind, k]) => ({ kind, total: k.total, accuracy: r(k.model / k.total), keywordAccuracy: r(k.keyword / k.total) }));
      return {
        rows: modelRows.length, model, keyword,
        delta: { accuracy: r(model.accuracy - keyword.accuracy), macroF1: r(model.macroF1 - keyword.macroF1) },
        errors,
        ...(perKind.length > 0 ? { perKind } : {}),
      };
    },
  };
}

export function compareOnSet(rows: readonly LabelledRow[], options: CompareOptions): ComparisonReport {
  const c = comparison(options);
  for (const row of rows) c.add(row);
  return c.finish();
}

/**
 * Same report as `compareOnSet`, but awaits `pause()` whenever `sliceMs` of work has passed, so a server
 * keeps answering other requests while a large set is evaluated. Pin the model in `classify` if it must not
 * change between slices.
 */
export async function compareOnSetAsync(
  rows: readonly LabelledRow[], options: CompareOptions & { readonly pause: () => Promise<void>; readonly sliceMs?: number },
): Promise<ComparisonReport> {
  const c = comparison(options);
  const sliceMs = options.sliceMs ?? 10;
  let sliceStart = options.now();
  for (const row of rows) {
    c.add(row);
    if (options.now() - sliceStart >= sliceMs) {
      await options.pause();
      sliceStart = options.now();
    }
  }
  return c.finish();
}
