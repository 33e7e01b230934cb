/**
 * @module Canonical text of a real WeChat message, the one form every layer reads (model features, emotion,
 * keyword rules): folded (width, case, traditional → simplified via OpenCC), WeChat emoji codes and emoji turned
 * into mood tokens, pinyin / English / slang / dialect / typos rewritten through the lexicon, and phone numbers,
 * order ids, URLs and amounts masked to typed tokens. Pure and single-pass per step.
 */
import { EMOJI_CHARS, EMOJI_CODES, MOODS } from './lexicon/emoji';
import { HAN, LATIN, parseLexicon, type Lexicon } from './lexicon/words';
import { MAX_TEXT_LENGTH, normalizeText } from './normalize';

/** Typed tokens that replace masked spans (one private-use character each). */
export const MASKS = { phone: '\ue000', orderId: '\ue001', money: '\ue002', url: '\ue003' } as const;

const LATIN_WORDS: Lexicon = parseLexicon(LATIN);
const HAN_WORDS: Lexicon = parseLexicon(HAN);
const LONGEST_LATIN_PHRASE = 3;

/** Han lexicon entries by first character, longest first. */
const HAN_BY_FIRST: ReadonlyMap<string, readonly (readonly [string, string])[]> = (() => {
  const map = new Map<string, [string, string][]>();
  for (const [from, to] of HAN_WORDS) {
    const first = from[0] ?? '';
    map.set(first, [...(map.get(first) ?? []), [from, to]]);
  }
  for (const list of map.values()) list.sort((a, b) => b[0].length - a[0].length);
  return map;
})();

function replaceEmojiCodes(text: string): string {
  if (!text.includes('[')) return text;
  return text.replace(/\[([^[\]\s]{1,6})\]/g, (whole, code: string) => EMOJI_CODES.get(code.toLowerCase()) ?? whole);
}

const PICTOGRAPH = /\p{Extended_Pictographic}/u;

function replaceEmoji(text: string): string {
  let out = '';
  let changed = false;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x2000) { out += ch; continue; }
    if (cp === 0xfe0f || cp === 0x200d || (cp >= 0x1f3fb && cp <= 0x1f3ff)) { changed = true; continue; }
    const pictograph = (cp < 0x2e80 || cp >= 0x1f000) && PICTOGRAPH.test(ch);
    const mood = EMOJI_CHARS.get(cp) ?? (pictograph ? MOODS.neutral.token : undefined);
    if (mood === undefined) { out += ch; continue; }
    out += mood;
    changed = true;
  }
  return changed ? out : text;
}

/** Splits a latin word into known pinyin/English pieces (each ≥ 2 letters), or undefined. */
function splitPinyin(word: string): string[] | undefined {
  if (word.length < 4 || word.length > 24) return undefined;
  const best: (string[] | undefined)[] = [[]];
  for (let end = 2; end <= word.length; end++) {
    for (let start = Math.max(0, end - 12); start <= end - 2; start++) {
      const prev = best[start];
      const piece = LATIN_WORDS.get(word.slice(start, end));
      if (prev === undefined || piece === undefined) continue;
      const candidate = [...prev, piece];
      if (best[end] === undefined || candidate.length < (best[end]?.length ?? Infinity)) best[end] = candidate;
    }
  }
  return best[word.length];
}

function rewriteLatinRun(run: string): string {
  const words = run.split(' ');
  const out: string[] = [];
  let pendingSpace = false;
  for (let i = 0; i < words.length;) {
    let used = 0;
    let replacement: string | undefined;
    for (let n = Math.min(LONGEST_LATIN_PHRASE, words.length - i); n >= 1 && replacement === undefined; n--) {
      replacement = LATIN_WORDS.get(words.slice(i, i + n).join(' '));
      if (replacement !== undefined) used = n;
    }
    const word = words[i] ?? '';
    if (replacement === undefined && !/^\d+$/.test(word)) {
      const pieces = splitPinyin(word);
      if (pieces) { replacement = pieces.join(''); used = 1; }
    }
    if (replacement === undefined) {
      out.push(`${pendingSpace || out.length > 0 ? ' ' : ''}${word}`);
      pendingSpace = true;
      i++;
    } else {
      out.push(pendingSpace ? ` ${replacement}` : replacement);
      pendingSpace = false;
      i += used;
    }
  }
  return out.join('');
}

function replaceLatin(text: string): string {
  return /[a-z]/.test(text) || text.includes('666') ? text.replace(/[a-z0-9]+(?: [a-z0-9]+)*/g, rewriteLatinRun) : text;
}

const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';

/** An entry that begins or ends with a digit (a hotline number) must not be part of a longer number. */
function standsAlone(text: string, at: number, written: string): boolean {
  if (isDigit(written[0]) && isDigit(text[at - 1])) return false;
  return !(isDigit(written[written.length - 1]) && isDigit(text[at + written.length]));
}

function replaceHan(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length;) {
    const candidates = HAN_BY_FIRST.get(text[i] ?? '');
    const hit = candidates?.find(([written]) => text.startsWith(written, i) && standsAlone(text, i, written));
    if (hit === undefined || hit[0] === hit[1]) {
      i += hit === undefined ? 1 : hit[0].length;
      continue;
    }
    out += text.slice(from, i) + hit[1];
    i += hit[0].length;
    from = i;
  }
  return from === 0 ? text : out + text.slice(from);
}

function maskSpans(text: string): string {
  if (!/\d|http|www\./.test(text)) return text;
  return text
    .replace(/(?:https?:\/\/|www\.)[^\s\u4e00-\u9fff]+/g, MASKS.url)
    .replace(/(?<![\d])1[3-9]\d{9}(?![\d])/g, MASKS.phone)
    .replace(/(?<![a-z\d])[a-z]{0,4}\d{8,}[a-z\d]*/g, MASKS.orderId)
    .replace(/[¥￥$]\s?\d+(?:\.\d+)?|\d+(?:\.\d+)?\s?(?:元|块钱|块|rmb)/g, MASKS.money);
}

export interface CanonicalOptions {
  /** Replace every remaining ASCII digit by '0'. Default true. */
  readonly foldDigits?: boolean;
  /** Squash runs of 3+ identical characters to 2. Default true. */
  readonly squashRepeats?: boolean;
}

/**
 * A message longer than `max` keeps its first third and its last two thirds of `max` (a run-on puts its ask at
 * the end).
 */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = Math.floor(max / 3);
  return `${text.slice(0, head)} ${text.slice(text.length - (max - head))}`;
}

/** Rewritten (emoji, lexicon, masks) but with digits and repeats as written: what the emotion cues read. */
export function rewrittenText(text: string, max = MAX_TEXT_LENGTH): string {
  const raw = typeof text === 'string' ? clip(text, max) : '';
  if (raw === '') return '';
  const folded = normalizeText(raw, { foldDigits: false, squashRepeats: false, maxLength: Infinity });
  return replaceHan(maskSpans(replaceLatin(replaceEmoji(replaceEmojiCodes(folded)))));
}

/** The canonical form of already rewritten text (digits folded, long repeats squashed unless told otherwise). */
export function canonicalOfRewritten(rewritten: string, options: CanonicalOptions = {}): string {
  return normalizeText(rewritten, { foldDigits: options.foldDigits ?? true, squashRepeats: options.squashRepeats ?? true, maxLength: Infinity });
}

/** The canonical form of a message (see the module comment); never throws. */
export function canonicalText(text: string, options: CanonicalOptions = {}): string {
  return canonicalOfRewritten(rewrittenText(text), options);
}
