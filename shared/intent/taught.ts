/**
 * @module What people taught the classifier, applied before the model: agents' corrections (the corrected text
 * and its close variants — the same canonical text, or character-3-gram Jaccard ≥ 0.8 with it) and admins'
 * accepted trigger words (a message whose canonical text contains the word). Both take effect on the next
 * message, without waiting for a retrain; the retrain then also teaches the model itself.
 */
import type { IntentId } from '../domain/vocabulary';
import type { KeywordList } from './keywords';
import { jaccard, trigramsOf } from './similarity';

/** A variant this close to a corrected text is decided by the correction. */
export const VARIANT_JACCARD = 0.8;

export interface TaughtHit {
  readonly intent: IntentId;
  readonly source: 'memory' | 'keyword';
  /** The corrected text or the trigger word that decided it. */
  readonly evidence: string;
}

/** Letters, digits and tokens of canonical text (punctuation and spaces do not make a variant different). */
const compact = (canonical: string): string => canonical.replace(/[\s,.!?;:~'"()[\]{}<>\-_/\\|*#@&^%$+=…·]/g, '');

export class CorrectionMemory {
  readonly #exact = new Map<string, { intent: IntentId; text: string }>();
  readonly #grams = new Map<string, Set<string>>();
  readonly #byGram = new Map<string, Set<string>>();

  get size(): number { return this.#exact.size; }

  has(canonical: string): boolean { return this.#exact.has(compact(canonical)); }

  copyInto(other: CorrectionMemory): void {
    for (const [key, { intent, text }] of this.#exact) other.set(key, intent, text);
  }

  /** Remembers (or replaces) the intent of one canonical text. */
  set(canonical: string, intent: IntentId, text = canonical): void {
    const key = compact(canonical);
    if (key === '') return;
    this.#exact.set(key, { intent, text });
    if (this.#grams.has(key)) return;
    const grams = trigramsOf(key);
    this.#grams.set(key, grams);
    for (const g of grams) {
      let keys = this.#byGram.get(g);
      if (!keys) { keys = new Set(); this.#byGram.set(g, keys); }
      keys.add(key);
    }
  }

  /** The exact text first, else the closest taught variant at or above the Jaccard threshold. */
  find(canonical: string): TaughtHit | undefined {
    const key = compact(canonical);
    const exact = this.#exact.get(key);
    if (exact) return { intent: exact.intent, source: 'memory', evidence: exact.text };
    if (this.#exact.size === 0 || key === '') return undefined;
    const grams = trigramsOf(key);
    const candidates = new Set<string>();
    for (const g of grams) for (const k of this.#byGram.get(g) ?? []) candidates.add(k);
    let best: { key: string; score: number } | undefined;
    for (const k of candidates) {
      const score = jaccard(grams, this.#grams.get(k) ?? new Set());
      if (score >= VARIANT_JACCARD && (best === undefined || score > best.score)) best = { key: k, score };
    }
    const hit = best && this.#exact.get(best.key);
    return hit ? { intent: hit.intent, source: 'memory', evidence: hit.text } : undefined;
  }
}

/** Accepted trigger words, matched against canonical text in list order (first match wins). */
export class TriggerWords {
  readonly #words: readonly { intent: IntentId; word: string; canonical: string }[];

  constructor(lists: readonly KeywordList[], canonicalize: (text: string) => string) {
    this.#words = lists.flatMap((l) => l.keywords.map((word) => ({ intent: l.intent, word, canonical: compact(canonicalize(word)) })))
      .filter((w) => w.canonical !== '');
  }

  get size(): number { return this.#words.length; }

  find(canonical: string): TaughtHit | undefined {
    if (this.#words.length === 0) return undefined;
    const key = compact(canonical);
    const hit = this.#words.find((w) => key.includes(w.canonical));
    return hit ? { intent: hit.intent, source: 'keyword', evidence: hit.word } : undefined;
  }
}
