/** @module The written splits as `IntentExample[]` (seed source), ready for training and evaluation. */
import type { IntentExample } from '../types';
import { HARD_HELDOUT } from './hard-heldout';
import { HELDOUT } from './heldout';
import { flattenHard, type KindExample } from './kinds';
import { TRAIN } from './train';
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

export const TRAIN_EXAMPLES: readonly IntentExample[] = splitToExamples(TRAIN);
export const HELDOUT_EXAMPLES: readonly IntentExample[] = splitToExamples(HELDOUT);

/** The held-out hard split (real-WeChat messages): final report only, never trained on or tuned against. */
export const HARD_HELDOUT_EXAMPLES: readonly KindExample[] = flattenHard(HARD_HELDOUT);
