/**
 * @module The intent model: training (deterministic, stepwise), calibrated classification with an `other`
 * fallback, an exact-text memory of agent corrections, and a JSON form that round-trips.
 */
import type { IntentId } from '../domain/vocabulary';
import { extractFeatures, vectorize, type FeatureOptions } from './features';
import { fitTemperature, logits, softmax, trainLinear, type LinearWeights, type TrainRow } from './linear';
import { normalizeText, type NormalizeOptions } from './normalize';
import type { IntentExample, IntentPrediction, TrainOptions, TrainProgress } from './types';

export const MODEL_FORMAT = 'moonshift-intent/1';

export interface SerializedIntentModel {
  format: typeof MODEL_FORMAT;
  intents: IntentId[];
  vocab: string[];
  weights: number[];
  bias: number[];
  temperature: number;
  threshold: number;
  fallbackIntent: IntentId;
  memory: [string, IntentId][];
  emotionPrior: number[];
  features: FeatureOptions;
  normalize: NormalizeOptions;
}

interface ModelParts {
  intents: readonly IntentId[];
  vocab: Map<string, number>;
  linear: LinearWeights;
  temperature: number;
  threshold: number;
  fallbackIntent: IntentId;
  memory: Map<string, IntentId>;
  /** Mean labelled emotion per class (smoothed towards neutral): the learned part of the emotion score. */
  emotionPrior: readonly number[];
  features: FeatureOptions;
  normalize: NormalizeOptions;
}

export class IntentModel {
  readonly intents: readonly IntentId[];
  readonly temperature: number;
  readonly threshold: number;
  readonly #parts: ModelParts;

  constructor(parts: ModelParts) {
    this.#parts = parts;
    this.intents = parts.intents;
    this.temperature = parts.temperature;
    this.threshold = parts.threshold;
  }

  /** Number of feature columns (vocabulary size). */
  get features(): number { return this.#parts.vocab.size; }

  /** Whether the model has seen this feature string (used by suggestion mining). */
  knowsFeature(feature: string): boolean { return this.#parts.vocab.has(feature); }

  /** Classifies one message; never throws. */
  classify(text: string): IntentPrediction {
    const p = this.#parts;
    const norm = normalizeText(typeof text === 'string' ? text : '', p.normalize);
    const x = vectorize(extractFeatures(norm, p.features), p.vocab);
    const probs = softmax(logits(p.linear, x), p.temperature);
    const scores: Record<IntentId, number> = {};
    let top = 0;
    for (let c = 0; c < p.intents.length; c++) {
      scores[p.intents[c] as IntentId] = probs[c] ?? 0;
      if ((probs[c] ?? 0) > (probs[top] ?? 0)) top = c;
    }
    const topIntent = p.intents[top] ?? p.fallbackIntent;
    const topP = probs[top] ?? 0;
    const remembered = p.memory.get(norm);
    if (remembered !== undefined) {
      return { intent: remembered, confidence: 1, scores, topIntent, fallback: false, source: 'memory' };
    }
    const fallback = (x.index.length === 0 || topP < p.threshold) && topIntent !== p.fallbackIntent;
    return fallback
      ? { intent: p.fallbackIntent, confidence: 1 - topP, scores, topIntent, fallback, source: 'model' }
      : { intent: topIntent, confidence: topP, scores, topIntent, fallback, source: 'model' };
  }

  /** Learned emotion estimate: the intent-weighted mean of labelled training emotions. */
  learnedEmotion(scores: Readonly<Record<IntentId, number>>): number {
    const p = this.#parts;
    let sum = 0;
    p.intents.forEach((id, c) => { sum += (scores[id] ?? 0) * (p.emotionPrior[c] ?? NEUTRAL_EMOTION); });
    return sum;
  }

  toJSON(): SerializedIntentModel {
    const p = this.#parts;
    const round = (v: number): number => Math.round(v * 1e6) / 1e6;
    return {
      format: MODEL_FORMAT,
      intents: [...p.intents],
      vocab: [...p.vocab.keys()],
      weights: Array.from(p.linear.weights, round),
      bias: Array.from(p.linear.bias, round),
      temperature: p.temperature,
      threshold: p.threshold,
      fallbackIntent: p.fallbackIntent,
      memory: [...p.memory],
      emotionPrior: [...p.emotionPrior],
      features: p.features,
      normalize: p.normalize,
    };
  }

  static fromJSON(json: SerializedIntentModel): IntentModel {
    if (json.format !== MODEL_FORMAT) throw new Error(`unknown intent model format: ${String(json.format)}`);
    const k = json.intents.length;
    if (json.weights.length !== json.vocab.length * k || json.bias.length !== k) {
      throw new Error('intent model: weights do not match vocabulary and intents');
    }
    return new IntentModel({
      intents: json.intents,
      vocab: new Map(json.vocab.map((f, i) => [f, i])),
      linear: { weights: Float32Array.from(json.weights), bias: Float32Array.from(json.bias), classes: k },
      temperature: json.temperature,
      threshold: json.threshold,
      fallbackIntent: json.fallbackIntent,
      memory: new Map(json.memory),
      emotionPrior: json.emotionPrior ?? [],
      features: json.features,
      normalize: json.normalize,
    });
  }
}

export const DEFAULT_TRAIN_OPTIONS = {
  epochs: 12, learningRate: 0.4, l2: 1e-4, seed: 20240521, calibrate: true, threshold: 0.3,
  fallbackIntent: 'other', correctionWeight: 4,
} as const;

const NEUTRAL_EMOTION = 0.1;
/** Pseudo-count pulling the per-intent emotion prior towards neutral (few labels → little effect). */
const PRIOR_WEIGHT = 8;

interface Prepared { norm: string; intent: IntentId; weight: number; correction: boolean; emotion?: number }

/** Normalises, weights and de-conflicts examples: a correction overrides other labels of the same text. */
function prepare(examples: readonly IntentExample[], o: Required<Pick<TrainOptions, 'correctionWeight'>> & TrainOptions): Prepared[] {
  const corrected = new Map<string, IntentId>();
  const rows: Prepared[] = [];
  for (const e of examples) {
    if (typeof e?.text !== 'string' || typeof e.intent !== 'string') continue;
    const norm = normalizeText(e.text, o.normalize);
    const correction = e.source === 'correction';
    if (correction) corrected.set(norm, e.intent);
    const weight = e.weight ?? (correction ? o.correctionWeight : 1);
    const emotion = typeof e.emotion === 'number' && e.emotion >= 0 && e.emotion <= 1 ? e.emotion : undefined;
    if (weight > 0) rows.push({ norm, intent: e.intent, weight, correction, ...(emotion === undefined ? {} : { emotion }) });
  }
  // the latest correction of a text wins over every other label of it, earlier corrections included
  return rows.filter((r) => { const c = corrected.get(r.norm); return c === undefined || c === r.intent; });
}

/** Trains stepwise (one yield per epoch); the return value is the finished model. */
export function* trainIntentModelSteps(
  examples: readonly IntentExample[], options: TrainOptions = {},
): Generator<TrainProgress, IntentModel> {
  const o = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  const rows = prepare(examples, o);
  const intents = [...new Set(rows.map((r) => r.intent))];
  if (!intents.includes(o.fallbackIntent)) intents.push(o.fallbackIntent);
  const classOf = new Map(intents.map((id, i) => [id, i]));
  const linearOptions = { epochs: o.epochs, learningRate: o.learningRate, l2: o.l2, seed: o.seed };
  const featuresOf = rows.map((r) => extractFeatures(r.norm, o.features));

  let temperature = 1;
  if (o.calibrate) {
    const seen = new Map<IntentId, number>();
    const isCal = rows.map((r) => {
      const n = (seen.get(r.intent) ?? 0) + 1;
      seen.set(r.intent, n);
      return !r.correction && n % 5 === 0;
    });
    const vocab = new Map<string, number>();
    const toRow = (i: number, grow: boolean): TrainRow => ({
      x: vectorize(featuresOf[i] ?? [], vocab, grow), y: classOf.get(rows[i]?.intent ?? '') ?? 0, weight: rows[i]?.weight ?? 1,
    });
    const fit = rows.flatMap((_, i) => (isCal[i] ? [] : [toRow(i, true)]));
    const held = rows.flatMap((_, i) => (isCal[i] ? [toRow(i, false)] : []));
    const steps = trainLinear(fit, vocab.size, intents.length, linearOptions);
    let step = steps.next();
    while (!step.done) { yield { phase: 'calibration', epoch: step.value, epochs: o.epochs }; step = steps.next(); }
    temperature = fitTemperature(step.value, held);
  }

  const vocab = new Map<string, number>();
  const all = rows.map((r, i) => ({ x: vectorize(featuresOf[i] ?? [], vocab, true), y: classOf.get(r.intent) ?? 0, weight: r.weight }));
  const steps = trainLinear(all, vocab.size, intents.length, linearOptions);
  let step = steps.next();
  while (!step.done) { yield { phase: 'final', epoch: step.value, epochs: o.epochs }; step = steps.next(); }
  const memory = new Map<string, IntentId>();
  for (const r of rows) if (r.correction) memory.set(r.norm, r.intent);
  const emotionPrior = intents.map((id) => {
    const labelled = rows.filter((r) => r.intent === id && r.emotion !== undefined);
    const sum = labelled.reduce((s, r) => s + (r.emotion ?? 0), 0);
    return (sum + PRIOR_WEIGHT * NEUTRAL_EMOTION) / (labelled.length + PRIOR_WEIGHT);
  });
  return new IntentModel({
    intents, vocab, linear: step.value, temperature, threshold: o.threshold, fallbackIntent: o.fallbackIntent,
    memory, emotionPrior, features: o.features ?? {}, normalize: o.normalize ?? {},
  });
}

/** Trains synchronously; deterministic for the same examples and options. */
export function trainIntentModel(examples: readonly IntentExample[], options: TrainOptions = {}): IntentModel {
  const steps = trainIntentModelSteps(examples, options);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}
