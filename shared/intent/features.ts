/**
 * @module Feature extraction: character n-grams (default 1–3) of the normalised text with start/end
 * markers, plus a length bucket. A vocabulary maps feature strings to columns of the linear model.
 */

export interface FeatureOptions {
  /** Shortest n-gram (characters). Default 1. */
  ngramMin?: number;
  /** Longest n-gram (characters). Default 3. */
  ngramMax?: number;
  /** Add one feature for the message length bucket (short acknowledgements look alike). Default true. */
  lengthBucket?: boolean;
}

const START = '\u0002';
const END = '\u0003';

function lengthBucket(chars: number): string {
  if (chars <= 1) return '#L1';
  if (chars <= 3) return '#L3';
  if (chars <= 7) return '#L7';
  if (chars <= 15) return '#L15';
  return '#L+';
}

/** Feature strings (with repeats) of an already normalised text. */
export function extractFeatures(normalized: string, options: FeatureOptions = {}): string[] {
  const min = Math.max(1, options.ngramMin ?? 1);
  const max = Math.max(min, options.ngramMax ?? 3);
  const chars = [START, ...Array.from(normalized), END];
  const out: string[] = [];
  for (let n = min; n <= max; n++) {
    for (let i = 0; i + n <= chars.length; i++) {
      if (n === 1 && (i === 0 || i === chars.length - 1)) continue;
      out.push(n === 1 ? (chars[i] as string) : chars.slice(i, i + n).join(''));
    }
  }
  if (options.lengthBucket ?? true) out.push(lengthBucket(chars.length - 2));
  return out;
}

/** A sparse, L2-normalised feature vector: parallel column indices and values. */
export interface SparseVector {
  readonly index: Int32Array;
  readonly value: Float32Array;
}

/** Maps feature strings to columns; unknown features are dropped unless `grow` is set. */
export function vectorize(features: readonly string[], vocab: Map<string, number>, grow = false): SparseVector {
  const counts = new Map<number, number>();
  for (const f of features) {
    let col = vocab.get(f);
    if (col === undefined) {
      if (!grow) continue;
      col = vocab.size;
      vocab.set(f, col);
    }
    counts.set(col, (counts.get(col) ?? 0) + 1);
  }
  const index = new Int32Array(counts.size);
  const value = new Float32Array(counts.size);
  let norm = 0;
  let k = 0;
  for (const [col, count] of counts) {
    index[k] = col;
    value[k] = count;
    norm += count * count;
    k++;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < value.length; i++) value[i] = (value[i] ?? 0) * scale;
  return { index, value };
}
