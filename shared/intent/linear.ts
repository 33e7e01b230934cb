/**
 * @module Multinomial logistic regression over sparse vectors, trained with AdaGrad and L2 in a fixed,
 * seeded order (deterministic), one epoch per generator step so callers can yield between epochs.
 * Also the temperature fit used for calibration.
 */
import { seededRandom } from '../domain/random';
import type { SparseVector } from './features';

export interface LinearWeights {
  /** Row-major [feature][class]. */
  readonly weights: Float32Array;
  readonly bias: Float32Array;
  readonly classes: number;
}

export interface LinearTrainOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

export interface TrainRow {
  readonly x: SparseVector;
  readonly y: number;
  readonly weight: number;
}


/** Raw class scores (logits) of one vector. */
export function logits(model: LinearWeights, x: SparseVector, out = new Float64Array(model.classes)): Float64Array {
  const k = model.classes;
  const { weights, bias } = model;
  for (let c = 0; c < k; c++) out[c] = bias[c]!;
  for (let i = 0; i < x.index.length; i++) {
    const base = x.index[i]! * k;
    const v = x.value[i]!;
    for (let c = 0; c < k; c++) out[c] = out[c]! + weights[base + c]! * v;
  }
  return out;
}

/** In-place softmax of `z / temperature`. */
export function softmax(z: Float64Array, temperature = 1): Float64Array {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (let c = 0; c < z.length; c++) {
    const e = Math.exp(((z[c] ?? 0) - max) / temperature);
    z[c] = e;
    sum += e;
  }
  for (let c = 0; c < z.length; c++) z[c] = (z[c] ?? 0) / sum;
  return z;
}

/** A gradient smaller than this (per class and row) is skipped: near-certain classes cost nothing. */
const MIN_GRADIENT = 1e-3;

/** Fisher–Yates shuffle in place with a seeded source (one epoch's training order). */
function shuffle(order: number[], random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
}

/** Trains one epoch per step; the generator's return value is the finished weights. */
export function* trainLinear(
  rows: readonly TrainRow[], features: number, classes: number, options: LinearTrainOptions,
): Generator<number, LinearWeights> {
  const weights = new Float32Array(features * classes);
  const bias = new Float32Array(classes);
  const gw = new Float32Array(features * classes);
  const gb = new Float32Array(classes);
  const model: LinearWeights = { weights, bias, classes };
  const random = seededRandom(options.seed);
  const order = rows.map((_, i) => i);
  const z = new Float64Array(classes);
  const { learningRate: lr, l2 } = options;
  const eps = 1e-8;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffle(order, random);
    for (const r of order) {
      const row = rows[r]!;
      const { index, value } = row.x;
      const nnz = index.length;
      softmax(logits(model, row.x, z));
      for (let c = 0; c < classes; c++) {
        const g = (z[c]! - (c === row.y ? 1 : 0)) * row.weight;
        if (g < MIN_GRADIENT && g > -MIN_GRADIENT) continue;
        gb[c] = gb[c]! + g * g;
        bias[c] = bias[c]! - (lr * g) / Math.sqrt(gb[c]! + eps);
        for (let i = 0; i < nnz; i++) {
          const at = index[i]! * classes + c;
          const w = weights[at]!;
          const grad = g * value[i]! + l2 * w;
          const acc = gw[at]! + grad * grad;
          gw[at] = acc;
          weights[at] = w - (lr * grad) / Math.sqrt(acc + eps);
        }
      }
    }
    yield epoch + 1;
  }
  return model;
}

/** Temperature minimising the negative log-likelihood of `rows` (golden-section search on log T). */
export function fitTemperature(model: LinearWeights, rows: readonly TrainRow[]): number {
  if (rows.length === 0) return 1;
  const scores = rows.map((row) => logits(model, row.x));
  const nll = (logT: number): number => {
    const t = Math.exp(logT);
    let sum = 0;
    scores.forEach((z, i) => {
      const p = softmax(Float64Array.from(z), t);
      sum -= Math.log(Math.max(1e-12, p[rows[i]?.y ?? 0] ?? 0));
    });
    return sum;
  };
  let lo = Math.log(0.1);
  let hi = Math.log(10);
  const g = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 40; i++) {
    const a = hi - g * (hi - lo);
    const b = lo + g * (hi - lo);
    if (nll(a) < nll(b)) hi = b; else lo = a;
  }
  return Math.exp((lo + hi) / 2);
}

export interface SoftRow {
  readonly x: SparseVector;
  /** Target probability in [0,1] (a soft label). */
  readonly target: number;
  readonly weight: number;
}

export interface BinaryWeights {
  readonly weights: Float32Array;
  readonly bias: number;
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

export function binaryScore(model: BinaryWeights, x: SparseVector): number {
  let z = model.bias;
  for (let i = 0; i < x.index.length; i++) z += model.weights[x.index[i]!]! * x.value[i]!;
  return sigmoid(z);
}

/** Logistic regression on soft labels (cross-entropy), AdaGrad + L2, seeded order: outputs calibrated to the labels. */
export function trainBinary(rows: readonly SoftRow[], features: number, options: LinearTrainOptions): BinaryWeights {
  const weights = new Float32Array(features);
  const gw = new Float32Array(features);
  let bias = 0;
  let gb = 0;
  const random = seededRandom(options.seed);
  const order = rows.map((_, i) => i);
  const { learningRate: lr, l2 } = options;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffle(order, random);
    for (const r of order) {
      const row = rows[r]!;
      const g = (binaryScore({ weights, bias }, row.x) - row.target) * row.weight;
      gb += g * g;
      bias -= (lr * g) / Math.sqrt(gb + 1e-8);
      for (let i = 0; i < row.x.index.length; i++) {
        const at = row.x.index[i]!;
        const w = weights[at]!;
        const grad = g * row.x.value[i]! + l2 * w;
        gw[at] = gw[at]! + grad * grad;
        weights[at] = w - (lr * grad) / Math.sqrt(gw[at]! + 1e-8);
      }
    }
  }
  return { weights, bias };
}
