/**
 * @module Character-level normalisation: full-width → half-width, traditional → simplified (OpenCC's tables,
 * see ./t2s.ts), lower-case, digit folding, runs of one character squashed to two, whitespace folded. Pure and
 * cheap; the first step of ./canonical.ts, and what keyword rules, suggestion mining and corrections compare.
 */
import { toSimplified } from './t2s';


/** Longest text (in UTF-16 units) looked at; the head of a message carries its intent. */
export const MAX_TEXT_LENGTH = 600;

export interface NormalizeOptions {
  /** Replace every ASCII digit by '0' (order numbers and phone numbers become one shape). Default true. */
  foldDigits?: boolean;
  /** Squash runs of 3+ identical characters to 2 ("急急急急" → "急急"). Default true. */
  squashRepeats?: boolean;
  /** Longest text looked at (UTF-16 units). Default MAX_TEXT_LENGTH. */
  maxLength?: number;
}

/** Normalises one message; never throws, whatever the input. */
export function normalizeText(text: string, options: NormalizeOptions = {}): string {
  const foldDigits = options.foldDigits ?? true;
  const squash = options.squashRepeats ?? true;
  const src = typeof text === 'string' ? toSimplified(text.slice(0, options.maxLength ?? MAX_TEXT_LENGTH)) : '';
  let out = '';
  let prev = '';
  let run = 0;
  let space = false;
  for (const raw of src) {
    let ch = raw;
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0xff01 && code <= 0xff5e) ch = String.fromCodePoint(code - 0xfee0);
    else if (code === 0x3000) ch = ' ';
    else if (ch === '。') ch = '.';
    else if (ch === '、' || ch === '，') ch = ',';
    if (ch >= 'A' && ch <= 'Z') ch = ch.toLowerCase();
    if (foldDigits && ch >= '0' && ch <= '9') ch = '0';
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\u00a0') {
      space = out.length > 0;
      continue;
    }
    if (space) { out += ' '; space = false; prev = ' '; run = 1; }
    if (ch === prev) {
      run += 1;
      if (squash && run > 2) continue;
    } else {
      prev = ch;
      run = 1;
    }
    out += ch;
  }
  return out;
}

/** True for characters that carry meaning in a phrase (CJK, Latin letters, digits). */
export function isWordChar(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf)
    || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
}
