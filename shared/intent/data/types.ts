/** @module Shape of the written data splits: intent id → rows of text or [text, emotion 0..1]. */
import type { DefaultIntentId } from '../../domain/vocabulary';

export type DataRow = string | readonly [text: string, emotion: number];
export type DataSplit = Readonly<Record<DefaultIntentId, readonly DataRow[]>>;
