/**
 * @module Feature extraction from canonical text (./canonical.ts): character n-grams (default 1–3) with
 * start/end markers and a length bucket, plus — from the words of an injected segmenter — word features,
 * negation scope ("不是要退款，是想换个颜色": 退款 becomes ¬退款) and the last clause (where a run-on puts its ask).
 * Without a segmenter the scope and tail work on characters. A vocabulary maps feature strings to columns.
 */

/** Splits canonical text into words. Injected (the server uses a real Chinese segmenter); must be pure. */
export type Segmenter = (text: string) => readonly string[];

export interface FeatureOptions {
  /** Shortest n-gram (characters). Default 1. */
  ngramMin?: number;
  /** Longest n-gram (characters). Default 3. */
  ngramMax?: number;
  /** Add one feature for the message length bucket (short acknowledgements look alike). Default true. */
  lengthBucket?: boolean;
  /** Negation-scope and last-clause features. Default true. */
  scope?: boolean;
  /** Units of the last clause marked as its ask. Default 4. */
  tailUnits?: number;
  /** How many times each last-clause feature counts. Default 1. */
  tailWeight?: number;
}

const START = '\u0002';
const END = '\u0003';

function lengthBucket(chars: number): string {
  if (chars <= 1) return '#L1';
  if (chars <= 3) return '#L3';
  if (chars <= 7) return '#L7';
  if (chars <= 15) return '#L15';
  if (chars <= 40) return '#L40';
  return '#L+';
}

/** Words that open a negation scope; the scope runs to the next clause break or contrast word. */
const NEGATORS = new Set(['不是', '不要', '不用', '不想', '不需要', '并不是', '并非', '没有要', '没说要', '没', '别', '不', '无需', '甭', '先别', '不必']);
/** Words after which the real request follows ("不是X，是Y"; "不退了 直接换"). */
const CONTRAST = new Set(['是', '就是', '只是', '而是', '但是', '但', '可是', '只想', '就想', '只要', '直接', '我要', '我想', '帮我', '给我', '就']);
const BREAK = /^[\s,.!?;:~…]+$/;
const TAIL_UNITS = 4;

function isUnit(w: string): boolean {
  return w.length > 0 && !BREAK.test(w);
}

/** Characters as units when no segmenter is given (a latin word stays whole). */
function charUnits(text: string): string[] {
  return text.match(/[a-z0-9]+|\S/g) ?? [];
}

/** Negated and last-clause unit features. */
function scopeFeatures(units: readonly string[], out: string[], tailUnits: number, tailWeight: number): void {
  let negating = false;
  let lastBreak = 0;
  for (let i = 0; i < units.length; i++) {
    const u = units[i] ?? '';
    if (!isUnit(u)) { negating = false; lastBreak = i + 1; continue; }
    if (CONTRAST.has(u)) { negating = false; lastBreak = i + 1; continue; }
    if (NEGATORS.has(u)) { negating = true; continue; }
    if (negating) out.push(`¬${u}`);
  }
  const tail = units.slice(lastBreak).filter(isUnit);
  for (const u of (tail.length > 0 ? tail : units.filter(isUnit)).slice(-tailUnits)) for (let k = 0; k < tailWeight; k++) out.push(`$${u}`);
}

/** Feature strings (with repeats) of canonical text. */
export function extractFeatures(canonical: string, options: FeatureOptions = {}, segment?: Segmenter): string[] {
  const min = Math.max(1, options.ngramMin ?? 1);
  const max = Math.max(min, options.ngramMax ?? 3);
  const chars = [START, ...Array.from(canonical), END];
  const out: string[] = [];
  for (let n = min; n <= max; n++) {
    for (let i = 0; i + n <= chars.length; i++) {
      if (n === 1 && (i === 0 || i === chars.length - 1)) continue;
      out.push(n === 1 ? (chars[i] as string) : chars.slice(i, i + n).join(''));
    }
  }
  if (options.lengthBucket ?? true) out.push(lengthBucket(chars.length - 2));
  const words = segment && canonical !== '' ? segment(canonical) : undefined;
  if (words) for (const w of words) if (w.length > 1 && isUnit(w)) out.push(`w:${w}`);
  if (options.scope ?? true) scopeFeatures(words ?? charUnits(canonical), out, options.tailUnits ?? TAIL_UNITS, options.tailWeight ?? 1);
  return out;
}

/** A sparse, L2-normalised feature vector: parallel column indices and values. */
export interface SparseVector {
  readonly index: Int32Array;
  readonly value: Float32Array;
}

let scratch = new Int32Array(256);

/** Maps feature strings to columns; unknown features are dropped unless `grow` is set. */
export function vectorize(features: readonly string[], vocab: Map<string, number>, grow = false): SparseVector {
  if (scratch.length < features.length) scratch = new Int32Array(features.length * 2);
  let n = 0;
  for (const f of features) {
    let col = vocab.get(f);
    if (col === undefined) {
      if (!grow) continue;
      col = vocab.size;
      vocab.set(f, col);
    }
    scratch[n++] = col;
  }
  const cols = scratch.subarray(0, n).sort();
  let distinct = 0;
  for (let i = 0; i < n; i++) if (i === 0 || cols[i] !== cols[i - 1]) distinct++;
  const index = new Int32Array(distinct);
  const value = new Float32Array(distinct);
  let k = -1;
  for (let i = 0; i < n; i++) {
    if (i === 0 || cols[i] !== cols[i - 1]) index[++k] = cols[i] ?? 0;
    value[k] = (value[k] ?? 0) + 1;
  }
  let norm = 0;
  for (let i = 0; i < distinct; i++) norm += (value[i] ?? 0) ** 2;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < distinct; i++) value[i] = (value[i] ?? 0) * scale;
  return { index, value };
}
