/**
 * @module Keyword suggestion mining: from messages of conversations that ended in a human transfer or a
 * complaint, find frequent phrases (character 2–4-grams) in messages that neither the keyword rules nor
 * the model catch, ranked by how many messages contain them, with example texts.
 */
import type { IntentId } from '../domain/vocabulary';
import { matchKeywords, type KeywordList } from './keywords';
import { isWordChar, normalizeText } from './normalize';
import type { IntentPrediction } from './types';

export interface SuggestionInput {
  readonly text: string;
  /** How the conversation ended (e.g. `human_agent`, `complaint`); becomes the suggested intent. */
  readonly outcome?: IntentId;
}

export interface KeywordSuggestion {
  readonly phrase: string;
  /** Number of missed messages containing the phrase. */
  readonly count: number;
  readonly examples: readonly string[];
  /** Most common outcome among those messages, if given. */
  readonly suggestedIntent?: IntentId;
}

export interface SuggestOptions {
  readonly keywords: readonly KeywordList[];
  readonly classify: (text: string) => Pick<IntentPrediction, 'intent' | 'confidence'>;
  /** A model prediction counts as caught at or above this confidence. Default 0.5. */
  readonly minConfidence?: number;
  readonly fallbackIntent?: IntentId;
  /** Minimum number of messages. Default 2. */
  readonly minCount?: number;
  /** Maximum suggestions. Default 20. */
  readonly limit?: number;
  readonly maxExamples?: number;
}

/** Phrases made only of these carry no intent. */
const FUNCTION_CHARS = new Set(Array.from('的了吗呢啊吧呀我你他她它们是在有就也都还要这那个和与么嘛哦嗯啦'));

function phrasesOf(norm: string): Set<string> {
  const out = new Set<string>();
  const chars = Array.from(norm);
  for (let i = 0; i < chars.length; i++) {
    for (let n = 2; n <= 4 && i + n <= chars.length; n++) {
      const gram = chars.slice(i, i + n);
      if (!gram.every(isWordChar)) break;
      if (gram.every((c) => FUNCTION_CHARS.has(c) || (c >= '0' && c <= '9'))) continue;
      out.add(gram.join(''));
    }
  }
  return out;
}

/** Ranked suggestions; a shorter phrase is dropped when a longer one containing it has the same count. */
export function mineKeywordSuggestions(inputs: readonly SuggestionInput[], options: SuggestOptions): KeywordSuggestion[] {
  const fallback = options.fallbackIntent ?? 'other';
  const minConfidence = options.minConfidence ?? 0.5;
  const existing = options.keywords.flatMap((l) => l.keywords.map((k) => normalizeText(k, { foldDigits: false })));
  interface Found { count: number; examples: string[]; outcomes: Map<IntentId, number> }
  const found = new Map<string, Found>();
  for (const input of inputs) {
    const text = typeof input?.text === 'string' ? input.text : '';
    if (text.trim() === '') continue;
    if (matchKeywords(text, options.keywords, fallback).intent !== fallback) continue;
    const p = options.classify(text);
    if (p.intent !== fallback && p.confidence >= minConfidence) continue;
    for (const phrase of phrasesOf(normalizeText(text, { foldDigits: false }))) {
      if (existing.some((k) => k.length > 0 && (phrase.includes(k) || k.includes(phrase)))) continue;
      const entry: Found = found.get(phrase) ?? { count: 0, examples: [], outcomes: new Map<IntentId, number>() };
      entry.count++;
      if (entry.examples.length < (options.maxExamples ?? 3)) entry.examples.push(text);
      if (input.outcome) entry.outcomes.set(input.outcome, (entry.outcomes.get(input.outcome) ?? 0) + 1);
      found.set(phrase, entry);
    }
  }
  const minCount = options.minCount ?? 2;
  const ranked = [...found.entries()]
    .filter(([, e]) => e.count >= minCount)
    .sort(([pa, a], [pb, b]) => b.count - a.count || Array.from(pb).length - Array.from(pa).length || pa.localeCompare(pb));
  const kept: KeywordSuggestion[] = [];
  for (const [phrase, e] of ranked) {
    if (kept.some((k) => k.count === e.count && k.phrase.includes(phrase))) continue;
    const top = [...e.outcomes.entries()].sort((a, b) => b[1] - a[1])[0];
    kept.push({ phrase, count: e.count, examples: e.examples, ...(top ? { suggestedIntent: top[0] } : {}) });
    if (kept.length >= (options.limit ?? 20)) break;
  }
  return kept;
}
