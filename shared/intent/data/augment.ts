/**
 * @module Wrapper augmentation of the written training lines: a request wrapped the way people open or close a
 * chat ("您好，…", "不好意思打扰一下，…", "… 谢谢") keeps its intent (labelling rule 1: greeting or thanks + a request →
 * the request). Deterministic (seeded); only requests are wrapped, so greetings and thanks keep their own look.
 */
import { seededRandom } from '../../domain/random';
import type { IntentExample } from '../types';

const PREFIXES = [
  '您好，', '你好 ', '在吗 ', '亲，', '老师好，', '不好意思打扰一下，', '麻烦问一下，', '请问', '那个 ', '就是 ', 'hello ', '客服你好，',
  '打扰了 ', '嗨 ', '早上好，', '师傅你好 ', '我想问下 ', '咨询一下 ',
];
const SUFFIXES = [' 谢谢', '，麻烦了', '，辛苦了', '[抱拳]', '？', ' 谢谢啦', ' 麻烦尽快', '～', ' 🙏'];
/** Intents that are not requests keep their own look (a custom intent an admin adds is a request). */
const NOT_WRAPPED = new Set(['greeting', 'thanks', 'other']);

/**
 * One wrapped variant for about `share` of the request lines written for the pack or by an admin (never for an
 * agent's correction: that one is remembered as written).
 */
export function wrapperVariants(examples: readonly IntentExample[], share = 0.35, seed = 7): IntentExample[] {
  const random = seededRandom(seed);
  const out: IntentExample[] = [];
  for (const e of examples) {
    const draw = random();
    if (NOT_WRAPPED.has(e.intent) || e.source === 'correction' || draw >= share) continue;
    const prefix = random() < 0.7;
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const text = prefix ? `${pick(PREFIXES)}${e.text}` : `${e.text}${pick(SUFFIXES)}`;
    out.push({ ...e, text });
  }
  return out;
}
