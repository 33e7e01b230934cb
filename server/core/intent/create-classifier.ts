/**
 * @module The server's intent classifier: the shared model with the jieba segmenter injected (word features).
 * The model runs server-side only — the sidebar and admin bundles import nothing of it; every surface gets
 * intents and emotions from the server.
 */
import { IntentClassifier, type IntentClassifierInit } from '../../../shared/intent/index';
import { jiebaSegmenter } from './segmenter';

export function createIntentClassifier(init: Omit<IntentClassifierInit, 'segment'> = {}): IntentClassifier {
  return new IntentClassifier({ ...init, segment: jiebaSegmenter() });
}
