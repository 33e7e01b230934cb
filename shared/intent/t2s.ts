/**
 * @module Traditional → simplified Chinese with OpenCC's own dictionaries (`opencc-js`: Hong Kong and Taiwan
 * variants, then traditional phrases and characters → mainland simplified). Only the T→S tables are loaded
 * (about 60 KB, not the 1 MB S→T phrase table); text with no traditional character skips the converter, so the
 * common, already simplified message costs one set lookup per character.
 */
import { ConverterFactory } from 'opencc-js/core';
import HKVariantsRev from 'opencc-js/dict/HKVariantsRev';
import HKVariantsRevPhrases from 'opencc-js/dict/HKVariantsRevPhrases';
import TSCharacters from 'opencc-js/dict/TSCharacters';
import TSPhrases from 'opencc-js/dict/TSPhrases';
import TWVariantsRev from 'opencc-js/dict/TWVariantsRev';
import TWVariantsRevPhrases from 'opencc-js/dict/TWVariantsRevPhrases';

const entries = (dict: string): [string, string | undefined][] => dict.split('|').map((e) => { const [from = '', to] = e.split(' '); return [from, to]; });

/** Characters a simplified text legitimately contains (targets of the T→S character table). */
const SIMPLIFIED = new Set(entries(TSCharacters).map(([, to]) => to));

/**
 * Drops character entries whose source is itself simplified (TW variants turn 么 into 幺): a mainland customer
 * writing 么 means 么.
 */
function withoutSimplifiedSources(dict: string): string {
  return entries(dict).filter(([from, to]) => to !== undefined && !SIMPLIFIED.has(from)).map(([from, to]) => `${from} ${to ?? ''}`).join('|');
}

const CHARACTERS = withoutSimplifiedSources(TSCharacters);
const HK = withoutSimplifiedSources(HKVariantsRev);
const TW = withoutSimplifiedSources(TWVariantsRev);
const GROUPS = [[HKVariantsRevPhrases, HK], [TWVariantsRevPhrases, TW], [TSPhrases, CHARACTERS]];

const convert = ConverterFactory(...GROUPS);

/**
 * Characters that convert on their own (source ≠ target in a character table): text with none of them is left
 * as it is — phrase entries only refine text that has one (they also rewrite rare simplified sequences such as
 * "一坏", which a customer never means).
 */
const STARTS: ReadonlySet<number> = (() => {
  const set = new Set<number>();
  for (const dict of [HK, TW, CHARACTERS]) {
    for (const entry of dict.split('|')) {
      const [from, to] = entry.split(' ');
      if (from === undefined || to === undefined || from === to || Array.from(from).length !== 1) continue;
      set.add(from.codePointAt(0) ?? 0);
    }
  }
  return set;
})();

/** Simplified form of `text` (unchanged when it has nothing traditional). */
export function toSimplified(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i) ?? 0;
    if (cp > 0x2e7f && STARTS.has(cp)) return convert(text);
    if (cp > 0xffff) i++;
  }
  return text;
}
