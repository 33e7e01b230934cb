/**
 * @module The intent model: training (deterministic, stepwise), calibrated classification with an `other`
 * fallback, an exact-text memory of agent corrections, and a JSON form that round-trips. Text is read in its
 * canonical form (./canonical.ts); word features come from the segmenter the model was trained with.
 */
import type { IntentId } from '../domain/vocabulary';
import { canonicalOfRewritten, canonicalText, rewrittenText } from './canonical';
import { emotionOfCanonical, type EmotionCue } from './emotion';
import { emotionFeatures, emotionOf, trainEmotionModel, UNLABELLED_EMOTION, type EmotionModel } from './emotion-model';
import { extractFeatures, vectorize, type FeatureOptions, type Segmenter, type SparseVector } from './features';
import { fitTemperature, logits, softmax, trainLinear, type LinearWeights, type TrainRow } from './linear';
import type { NormalizeOptions } from './normalize';
import type { IntentExample, IntentPrediction, TrainOptions, TrainProgress } from './types';

export const MODEL_FORMAT = 'moonshift-intent/2';

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
  /** The calibrated emotion model (null when no example carried an emotion). */
  emotion: { vocab: string[]; weights: number[]; bias: number } | null;
  features: FeatureOptions;
  normalize: NormalizeOptions;
  /** Trained with word features from a segmenter (then it needs one to classify). */
  words: boolean;
}

export interface Analysis {
  readonly prediction: IntentPrediction;
  /** The canonical text the prediction read. */
  readonly canonical: string;
  /** Calibrated emotion in [0,1], 1 = angry/anxious. */
  readonly emotion: number;
  readonly emotionCues: readonly EmotionCue[];
}

interface ModelParts {
  intents: readonly IntentId[];
  vocab: Map<string, number>;
  linear: LinearWeights;
  temperature: number;
  threshold: number;
  fallbackIntent: IntentId;
  memory: Map<string, IntentId>;
  emotion: EmotionModel | undefined;
  features: FeatureOptions;
  normalize: NormalizeOptions;
  segment: Segmenter | undefined;
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

  /** The canonical text the model reads (also the key of its correction memory). */
  canonical(text: string): string { return canonicalText(text, this.#parts.normalize); }

  /** The feature strings of a canonical text, as the model sees them. */
  featuresOf(canonical: string): string[] { return extractFeatures(canonical, this.#parts.features, this.#parts.segment); }

  /** Classifies one message; never throws. */
  classify(text: string): IntentPrediction {
    return this.analyze(text).prediction;
  }

  /** Intent and calibrated emotion (with the lexical cues that explain it) of one message; never throws. */
  analyze(text: string): Analysis {
    const p = this.#parts;
    const rewritten = rewrittenText(text);
    const norm = canonicalOfRewritten(rewritten, p.normalize);
    const features = this.featuresOf(norm);
    const lexical = emotionOfCanonical(rewritten);
    const emotion = p.emotion === undefined ? lexical.score : Math.round(emotionOf(p.emotion, emotionFeatures(features, lexical)) * 1000) / 1000;
    return { prediction: this.#predict(norm, features), canonical: norm, emotion, emotionCues: lexical.cues };
  }

  #predict(norm: string, features: readonly string[]): IntentPrediction {
    const p = this.#parts;
    const x = vectorize(features, p.vocab);
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
      emotion: p.emotion === undefined ? null
        : { vocab: [...p.emotion.vocab.keys()], weights: Array.from(p.emotion.linear.weights, round), bias: round(p.emotion.linear.bias) },
      features: p.features,
      normalize: p.normalize,
      words: p.segment !== undefined,
    };
  }

  /** Rebuilds a serialised model; one trained with word features needs the same segmenter again. */
  static fromJSON(json: SerializedIntentModel, segment?: Segmenter): IntentModel {
    if (json.format !== MODEL_FORMAT) throw new Error(`unknown intent model format: ${String(json.format)}`);
    if (json.words && segment === undefined) throw new Error('intent model: trained with word features, needs a segmenter');
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
      emotion: json.emotion === null ? undefined : {
        vocab: new Map(json.emotion.vocab.map((f, i) => [f, i])),
        linear: { weights: Float32Array.from(json.emotion.weights), bias: json.emotion.bias },
      },
      features: json.features,
      normalize: json.normalize,
      segment: json.words ? segment : undefined,
    });
  }
}

export const DEFAULT_TRAIN_OPTIONS = {
  epochs: 12, learningRate: 0.4, l2: 1e-4, seed: 20240521, calibrate: true, threshold: 0.3,
  fallbackIntent: 'other', correctionWeight: 4,
} as const;

/** Most copies of one weighted example. */
const MAX_COPIES = 40;

/** Intents whose unlabelled lines are not assumed calm (they are left out of the emotion training). */
const RARELY_CALM: ReadonlySet<IntentId> = new Set(['complaint', 'urgent']);

interface Prepared { text: string; norm: string; intent: IntentId; weight: number; correction: boolean; emotion?: number }

/** Normalises, weights and de-conflicts examples: a correction overrides other labels of the same text. */
function prepare(examples: readonly IntentExample[], o: Required<Pick<TrainOptions, 'correctionWeight'>> & TrainOptions): Prepared[] {
  const corrected = new Map<string, IntentId>();
  const rows: Prepared[] = [];
  for (const e of examples) {
    if (typeof e?.text !== 'string' || typeof e.intent !== 'string') continue;
    const norm = canonicalText(e.text, o.normalize);
    const correction = e.source === 'correction';
    if (correction) corrected.set(norm, e.intent);
    const weight = e.weight ?? (correction ? o.correctionWeight : 1);
    const emotion = typeof e.emotion === 'number' && e.emotion >= 0 && e.emotion <= 1 ? e.emotion : undefined;
    if (weight > 0) rows.push({ text: e.text, norm, intent: e.intent, weight, correction, ...(emotion === undefined ? {} : { emotion }) });
  }
  // the latest correction of a text wins over every other label of it, earlier corrections included
  return rows.filter((r) => { const c = corrected.get(r.norm); return c === undefined || c === r.intent; });
}

/**
 * Per-intent weight mean class mass / class mass, at most 32: a custom intent an admin adds with ten examples is not
 * drowned by thousands of written ones, while the balanced default pack is barely touched.
 */
function classBalance(rows: readonly Prepared[]): Map<IntentId, number> {
  const mass = new Map<IntentId, number>();
  for (const r of rows) mass.set(r.intent, (mass.get(r.intent) ?? 0) + r.weight);
  const mean = [...mass.values()].reduce((a, b) => a + b, 0) / Math.max(1, mass.size);
  return new Map([...mass].map(([id, m]) => [id, Math.min(32, mean / m)]));
}

/** Column ids of a row's features (repeats kept), growing the vocabulary. */
function internFeatures(features: readonly string[], vocab: Map<string, number>): Int32Array {
  const ids = new Int32Array(features.length);
  features.forEach((f, k) => {
    let col = vocab.get(f);
    if (col === undefined) { col = vocab.size; vocab.set(f, col); }
    ids[k] = col;
  });
  return ids;
}

/** The L2-normalised count vector of column ids (as `vectorize` makes from strings). */
function vectorOfIds(ids: Int32Array): SparseVector {
  const counts = new Map<number, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  const index = Int32Array.from(counts.keys());
  const value = Float32Array.from(counts.values());
  const norm = Math.sqrt(value.reduce((s, v) => s + v * v, 0));
  for (let i = 0; i < value.length; i++) value[i] = (value[i] ?? 0) / (norm || 1);
  return { index, value };
}

/** Trains stepwise (one yield per epoch); the return value is the finished model. */
export function* trainIntentModelSteps(
  examples: readonly IntentExample[], options: TrainOptions = {}, segment?: Segmenter,
): Generator<TrainProgress, IntentModel> {
  const o = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  const rows = prepare(examples, o);
  const intents = [...new Set(rows.map((r) => r.intent))];
  if (!intents.includes(o.fallbackIntent)) intents.push(o.fallbackIntent);
  const classOf = new Map(intents.map((id, i) => [id, i]));
  const linearOptions = { epochs: o.epochs, learningRate: o.learningRate, l2: o.l2, seed: o.seed };
  // features interned once: each row keeps column ids, not strings (training's memory peak stays small)
  const vocab = new Map<string, number>();
  const idsOf = rows.map((r) => internFeatures(extractFeatures(r.norm, o.features, segment), vocab));
  const balance = classBalance(rows);
  /**
   * A weighted example as training rows: weight w becomes round(w) copies (AdaGrad normalises a scaled gradient
   * away, so only repetition gives a heavy example — a correction, a small custom intent — its say).
   */
  const copies = (i: number): TrainRow[] => {
    const r = rows[i];
    if (r === undefined) return [];
    const weight = r.weight * (balance.get(r.intent) ?? 1);
    const n = Math.max(1, Math.min(MAX_COPIES, Math.round(weight)));
    const row: TrainRow = { x: vectorOfIds(idsOf[i] ?? new Int32Array(0)), y: classOf.get(r.intent) ?? 0, weight: weight / n };
    return Array.from({ length: n }, () => row);
  };

  let temperature = 1;
  if (o.calibrate) {
    // a fifth of the written examples held aside; the columns are the same (a feature only they have keeps weight 0)
    const seen = new Map<IntentId, number>();
    const isCal = rows.map((r) => {
      const n = (seen.get(r.intent) ?? 0) + 1;
      seen.set(r.intent, n);
      return !r.correction && n % 5 === 0;
    });
    const fit = rows.flatMap((_, i) => (isCal[i] ? [] : copies(i)));
    const held = rows.flatMap((_, i) => (isCal[i] ? copies(i).slice(0, 1) : []));
    const steps = trainLinear(fit, vocab.size, intents.length, linearOptions);
    let step = steps.next();
    while (!step.done) { yield { phase: 'calibration', epoch: step.value, epochs: o.epochs }; step = steps.next(); }
    temperature = fitTemperature(step.value, held);
  }

  const all = rows.flatMap((_, i) => copies(i));
  const steps = trainLinear(all, vocab.size, intents.length, linearOptions);
  let step = steps.next();
  while (!step.done) { yield { phase: 'final', epoch: step.value, epochs: o.epochs }; step = steps.next(); }
  const memory = new Map<string, IntentId>();
  for (const r of rows) if (r.correction) memory.set(r.norm, r.intent);
  yield { phase: 'emotion', epoch: 1, epochs: 1 };
  const emotionRows = rows.flatMap((r) => {
    const target = r.emotion ?? (RARELY_CALM.has(r.intent) ? undefined : UNLABELLED_EMOTION);
    if (target === undefined) return [];
    return [{ features: emotionFeatures(extractFeatures(r.norm, o.features, segment), emotionOfCanonical(rewrittenText(r.text))), target }];
  });
  const emotion = emotionRows.some((r) => r.target !== UNLABELLED_EMOTION) ? trainEmotionModel(emotionRows, o.seed) : undefined;
  return new IntentModel({
    intents, vocab, linear: step.value, temperature, threshold: o.threshold, fallbackIntent: o.fallbackIntent,
    memory, emotion, features: o.features ?? {}, normalize: o.normalize ?? {}, segment,
  });
}

/** Trains synchronously; deterministic for the same examples, options and segmenter. */
export function trainIntentModel(examples: readonly IntentExample[], options: TrainOptions = {}, segment?: Segmenter): IntentModel {
  const steps = trainIntentModelSteps(examples, options, segment);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}
