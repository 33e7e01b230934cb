/** @module The written splits as `IntentExample[]` (seed source), ready for training and evaluation. */
import type { IntentExample } from '../types';
import { HELDOUT } from './heldout';
import { TRAIN } from './train';
import type { DataSplit } from './types';

export type { DataRow, DataSplit } from './types';

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
