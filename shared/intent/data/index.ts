/** @module The written splits as `IntentExample[]` (seed source), ready for training and evaluation. */
import type { IntentExample } from '../types';
import { wrapperVariants } from './augment';
import { HARD_DEV } from './hard-dev';
import { HARD_HELDOUT } from './hard-heldout';
import { HELDOUT } from './heldout';
import { flattenHard, type KindExample } from './kinds';
import { TRAIN } from './train';
import { TRAIN_WECHAT_A } from './train-wechat-a';
import { TRAIN_WECHAT_B } from './train-wechat-b';
import { TRAIN_WECHAT_C } from './train-wechat-c';
import { TRAIN_WECHAT_D } from './train-wechat-d';
import { TRAIN_WECHAT_E } from './train-wechat-e';
import { TRAIN_NEUTRAL } from './train-neutral';
import type { DataSplit } from './types';

export type { DataRow, DataSplit } from './types';
export { MESSAGE_KINDS, BUSINESSES, flattenHard, type MessageKind, type Business, type KindExample, type HardRow, type HardSplit } from './kinds';

/** Flattens a split into examples, keeping emotion labels where a row carries one. */
export function splitToExamples(split: DataSplit): IntentExample[] {
  const out: IntentExample[] = [];
  for (const [intent, rows] of Object.entries(split)) {
    for (const row of rows as DataSplit[keyof DataSplit]) {
      out.push(typeof row === 'string'
        ? { text: row, intent, source: 'seed' }
        : { text: row[0], intent, source: 'seed', emotion: row[1] });
    }
  }
  return out;
}

const WRITTEN: readonly IntentExample[] = [TRAIN, { ...TRAIN_WECHAT_A, ...TRAIN_WECHAT_B }, TRAIN_WECHAT_C, TRAIN_WECHAT_D, TRAIN_WECHAT_E, TRAIN_NEUTRAL].flatMap(splitToExamples);

/**
 * The training split: the written lines (clean, then real-WeChat of every kind of business) and wrapped variants
 * of about a third of the requests (./augment.ts). Everything here is checked against the held-out splits.
 */
export const TRAIN_EXAMPLES: readonly IntentExample[] = [...WRITTEN, ...wrapperVariants(WRITTEN)];
export const HELDOUT_EXAMPLES: readonly IntentExample[] = splitToExamples(HELDOUT);

/** The development hard split: model selection and tuning; never trained on. */
export const HARD_DEV_EXAMPLES: readonly KindExample[] = flattenHard(HARD_DEV);

/** The held-out hard split (real-WeChat messages): final report only, never trained on or tuned against. */
export const HARD_HELDOUT_EXAMPLES: readonly KindExample[] = flattenHard(HARD_HELDOUT);
