/**
 * @module Keyword matching for the `keywords` condition: exact / contains / fuzzy. A message is matched in two
 * forms: folded (NFKC, case, OpenCC traditional → simplified, letters and digits only) and — when different —
 * rewritten the way the intent classifier reads it (../intent/canonical.ts: pinyin, English, slang, dialect and
 * common typos), so rules and the classifier share one normaliser ("tousu" and "投訴" both match 投诉) while an
 * admin's English or pinyin keyword still matches as written. Fuzzy also accepts one typo (edit distance ≤ 1) on
 * keywords of 3–12 characters.
 */
import { rewrittenText } from '../intent/canonical';
import { normalizeText as foldText } from '../intent/normalize';

const KEEP = /[\p{L}\p{N}]/u;
/** Separates the forms of a message in `keywordText` (never part of a keyword). */
const FORMS = '\u0001';

const lettersAndDigits = (s: string): string => {
  let out = '';
  for (const ch of s) if (KEEP.test(ch)) out += ch;
  return out;
};

/** Folded form: NFKC, lower case, traditional → simplified, letters and digits only (the whole text). */
export function normalizeText(s: string): string {
  return lettersAndDigits(foldText(s.normalize('NFKC'), { foldDigits: false, squashRepeats: false, maxLength: Infinity }));
}

/** The forms a keyword is looked for in: folded, and rewritten like the classifier reads it when that differs. */
export function keywordText(s: string): string {
  const folded = normalizeText(s);
  const rewritten = lettersAndDigits(rewrittenText(s.normalize('NFKC'), Infinity));
  return rewritten === folded ? folded : `${folded}${FORMS}${rewritten}`;
}

export type KeywordMode = 'exact' | 'contains' | 'fuzzy';

export interface CompiledKeyword {
  raw: string;
  norm: string;
  /** One typo allowed (fuzzy mode, 3–12 characters). */
  typo: boolean;
}

export function compileKeywords(list: readonly string[], mode: KeywordMode): CompiledKeyword[] {
  const out: CompiledKeyword[] = [];
  for (const raw of list) {
    const norm = normalizeText(raw);
    if (norm === '') continue;
    const len = [...norm].length;
    out.push({ raw, norm, typo: mode === 'fuzzy' && len >= 3 && len <= 12 });
  }
  return out;
}

let prev = new Int32Array(16);
let cur = new Int32Array(16);

/** Is there a substring of `text` within edit distance 1 of `pat`? (Sellers' algorithm, reused buffers.) */
export function containsWithinOneEdit(text: string, pat: string): boolean {
  const m = pat.length;
  if (text.length < m - 1) return false;
  let missing = 0;
  for (let i = 0; i < m; i++) {
    if (text.indexOf(pat[i]!) < 0 && ++missing > 1) return false;
  }
  if (prev.length <= m) { prev = new Int32Array(m + 1); cur = new Int32Array(m + 1); }
  for (let i = 0; i <= m; i++) prev[i] = i;
  for (let j = 0; j < text.length; j++) {
    const c = text.charCodeAt(j);
    cur[0] = 0;
    for (let i = 1; i <= m; i++) {
      const sub = prev[i - 1]! + (pat.charCodeAt(i - 1) === c ? 0 : 1);
      const del = prev[i]! + 1;
      const ins = cur[i - 1]! + 1;
      cur[i] = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
    }
    if (cur[m]! <= 1) return true;
    const t = prev; prev = cur; cur = t;
  }
  return false;
}

/**
 * First keyword matching the already-normalised text (`normalizeText` or `keywordText`), described for the trace
 * (`紧急`, or `緊急→紧急` when normalisation helped, or `投拆~投诉 (typo)`), or null.
 */
export function matchKeywords(normText: string, keywords: readonly CompiledKeyword[], mode: KeywordMode): string | null {
  const forms = normText.split(FORMS);
  for (const k of keywords) {
    const hit = forms.some((f) => (mode === 'exact' ? f === k.norm : f.includes(k.norm)));
    if (hit) return k.raw === k.norm ? k.raw : `${k.raw}→${k.norm}`;
  }
  if (mode !== 'fuzzy') return null;
  for (const k of keywords) {
    if (k.typo && forms.some((f) => containsWithinOneEdit(f, k.norm))) return `${k.raw} (typo)`;
  }
  return null;
}
