/**
 * @module Near-copy measure: Jaccard similarity of character 3-gram sets after a light normalisation (width,
 * case, common traditional forms, punctuation and spaces dropped). Used by the data-hygiene test (held-out vs
 * training, ≥ 0.7 fails) and by learning (a correction also decides its close variants, ≥ 0.8).
 */
import { isWordChar, normalizeText } from './normalize';

/** Letters and digits of the lightly normalised text (no punctuation, spaces or symbols). */
export function compactText(text: string): string {
  let out = '';
  for (const ch of normalizeText(text, { foldDigits: false, squashRepeats: false })) if (isWordChar(ch)) out += ch;
  return out;
}

/** Character 3-grams of a compact text; a text shorter than 3 characters is its own single gram. */
export function trigramsOf(compact: string): Set<string> {
  const chars = Array.from(compact);
  if (chars.length < 3) return new Set(chars.length === 0 ? [] : [compact]);
  const out = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) out.add(`${chars[i] ?? ''}${chars[i + 1] ?? ''}${chars[i + 2] ?? ''}`);
  return out;
}

/** |A ∩ B| / |A ∪ B| of two gram sets (0 when both are empty). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let both = 0;
  for (const g of small) if (large.has(g)) both++;
  return both / (a.size + b.size - both);
}

export function trigramJaccard(a: string, b: string): number {
  return jaccard(trigramsOf(compactText(a)), trigramsOf(compactText(b)));
}
