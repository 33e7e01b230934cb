/** @module Types shared by the intent model, classifier holder, evaluation and suggestion mining. */
import type { IntentId } from '../domain/vocabulary';
import type { FeatureOptions } from './features';
import type { NormalizeOptions } from './normalize';

/** Where a training example came from: the written pack, an admin, or an agent's correction. */
export type ExampleSource = 'seed' | 'admin' | 'correction';

export interface IntentExample {
  readonly text: string;
  readonly intent: IntentId;
  /** Sample weight; corrections default to `TrainOptions.correctionWeight`, others to 1. */
  readonly weight?: number;
  readonly source?: ExampleSource;
  /** Gold emotion in [0,1] (1 = angry/anxious), when labelled. */
  readonly emotion?: number;
}

export interface TrainOptions {
  epochs?: number;
  learningRate?: number;
  l2?: number;
  seed?: number;
  /** Fit a softmax temperature on a held-aside fifth of the seed examples (trains twice). Default true. */
  calibrate?: boolean;
  /** Below this calibrated top probability the prediction falls back to `fallbackIntent`. Default 0.3. */
  threshold?: number;
  fallbackIntent?: IntentId;
  /** Default weight of `source: 'correction'` examples. Default 4. */
  correctionWeight?: number;
  features?: FeatureOptions;
  normalize?: NormalizeOptions;
}

export interface IntentPrediction {
  readonly intent: IntentId;
  /** Calibrated probability of `intent`; for a fallback, 1 − p(top intent). */
  readonly confidence: number;
  /** Calibrated probability per intent. */
  readonly scores: Readonly<Record<IntentId, number>>;
  /** Best intent before the fallback. */
  readonly topIntent: IntentId;
  readonly fallback: boolean;
  /** `memory`: an agent's correction of this text or a close variant decided it; `keyword`: an accepted trigger word. */
  readonly source: 'model' | 'memory' | 'keyword';
}

export interface TrainProgress {
  readonly phase: 'calibration' | 'final' | 'emotion';
  readonly epoch: number;
  readonly epochs: number;
}
