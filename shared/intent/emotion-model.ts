/**
 * @module The calibrated emotion score: logistic regression on soft labels over the model's text features plus
 * the lexical cues (./emotion.ts) as bucketed features, trained on the labelled emotions of the training split —
 * so its output lives on the labelling guide's scale (0 pleased … 0.1 neutral … 0.6–0.8 upset … 0.9–1 furious or
 * frightened). Learns what the lexicon cannot list (a complaint or an emergency written without a single
 * emotional word) while the cues keep it explainable.
 */
import { vectorize } from './features';
import { binaryScore, trainBinary, type BinaryWeights, type SoftRow } from './linear';
import type { EmotionResult } from './emotion';

export interface EmotionModel {
  readonly vocab: Map<string, number>;
  readonly linear: BinaryWeights;
}

/** Label of an example without one: calm, unless its intent is one whose lines are rarely calm. */
export const UNLABELLED_EMOTION = 0.1;

function bucket(raw: number): string {
  if (raw < -0.3) return '#lex:-';
  if (raw <= 0) return '#lex:0';
  if (raw < 0.3) return '#lex:1';
  if (raw < 0.6) return '#lex:2';
  if (raw < 1) return '#lex:3';
  if (raw < 1.5) return '#lex:4';
  return '#lex:5';
}

/** The model's text features plus the lexical evidence. */
export function emotionFeatures(textFeatures: readonly string[], lexical: EmotionResult): string[] {
  const raw = lexical.cues.reduce((s, c) => s + c.weight, 0);
  const out = [...textFeatures, bucket(raw), bucket(raw)];
  for (const c of lexical.cues) if (c.kind === 'sarcasm' || c.kind === 'punctuation' || c.kind === 'emoji') out.push(`#${c.kind}`);
  return out;
}

export function trainEmotionModel(rows: readonly { features: string[]; target: number }[], seed: number): EmotionModel {
  const vocab = new Map<string, number>();
  const soft: SoftRow[] = rows.map((r) => ({ x: vectorize(r.features, vocab, true), target: r.target, weight: 1 }));
  return { vocab, linear: trainBinary(soft, vocab.size, { epochs: 10, learningRate: 0.3, l2: 1e-4, seed }) };
}

export function emotionOf(model: EmotionModel, features: readonly string[]): number {
  return binaryScore(model.linear, vectorize(features, model.vocab));
}
