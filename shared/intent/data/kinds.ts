/**
 * @module Kinds of message and kinds of business that label the hard (real-WeChat) splits, so accuracy can be
 * reported per kind and per business, not only in total. See ./LABELLING.md for what each kind means.
 */
import type { DefaultIntentId } from '../../domain/vocabulary';

export const MESSAGE_KINDS = [
  'typo', 'slang', 'pinyin', 'emoji', 'english', 'short', 'runon', 'sarcasm', 'polite', 'negation', 'nearmiss',
  'dialect', 'emergency', 'annoyed', 'business',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const BUSINESSES = [
  'ecommerce', 'education', 'travel', 'clinic', 'beauty', 'fitness', 'restaurant', 'saas', 'home_service', 'insurance',
  'logistics',
] as const;
export type Business = (typeof BUSINESSES)[number];

/** One labelled line of a hard split: text, intent, emotion in [0,1], business. */
export type HardRow = readonly [text: string, intent: DefaultIntentId, emotion: number, business: Business];
/** A hard split: rows grouped by kind of message. */
export type HardSplit = Readonly<Record<MessageKind, readonly HardRow[]>>;

/** A hard-split line as the evaluation reads it. */
export interface KindExample {
  readonly text: string;
  readonly intent: DefaultIntentId;
  readonly emotion: number;
  readonly kind: MessageKind;
  readonly business: Business;
}

export function flattenHard(split: HardSplit): KindExample[] {
  return MESSAGE_KINDS.flatMap((kind) => split[kind].map(([text, intent, emotion, business]) => ({ text, intent, emotion, kind, business })));
}
