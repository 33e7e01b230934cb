/**
 * @module IntentClassifier: holds the current model and swaps it atomically on retrain. A new model is
 * built completely (synchronously, or stepwise yielding to the event loop) and only then replaces the one
 * reference, so a classify during retraining always uses the old model in full.
 */
import { TRAIN_EXAMPLES } from './data/index';
import { blendEmotion, emotionScore, type EmotionCue } from './emotion';
import { normalizeText } from './normalize';
import { trainIntentModel, trainIntentModelSteps, type IntentModel } from './model';
import type { IntentExample, IntentPrediction, TrainOptions } from './types';

export interface ClassifyResult extends IntentPrediction {
  /** Emotion in [0,1], 1 = angry/anxious (lexicon combined with the model's learned estimate). */
  readonly emotion: number;
  readonly emotionCues: readonly EmotionCue[];
}

export interface IntentClassifierInit {
  /** Base examples (default: the written training split). */
  readonly examples?: readonly IntentExample[];
  readonly options?: TrainOptions;
  /** Start from an already trained or deserialised model instead of training now. */
  readonly model?: IntentModel;
}

const nextTick = (): Promise<void> => new Promise((resolve) => { setTimeout(resolve, 0); });

export class IntentClassifier {
  #model: IntentModel;
  #version = 1;
  #generation = 0;
  #extra: readonly IntentExample[] = [];
  /** Corrections taught since the last retrain: exact texts answered at once, until the next model knows them. */
  #pending = new Map<string, string>();
  readonly #base: readonly IntentExample[];
  readonly #options: TrainOptions;

  constructor(init: IntentClassifierInit = {}) {
    this.#base = init.examples ?? TRAIN_EXAMPLES;
    this.#options = init.options ?? {};
    this.#model = init.model ?? trainIntentModel(this.#base, this.#options);
  }

  get model(): IntentModel { return this.#model; }
  /** Increments on every swap. */
  get version(): number { return this.#version; }
  /** Extra examples (admin examples, corrections) the current model was trained with. */
  get extraExamples(): readonly IntentExample[] { return this.#extra; }

  /** Intent, calibrated confidence and emotion of one message; never throws. */
  classify(text: string): ClassifyResult {
    const model = this.#model;
    const taught = this.#pending.size > 0 ? this.#pending.get(normalizeText(text)) : undefined;
    const prediction = taught === undefined ? model.classify(text) : { ...model.classify(text), intent: taught, confidence: 1, fallback: false, source: 'memory' as const };
    const lexical = emotionScore(text);
    const emotion = blendEmotion(lexical.score, model.learnedEmotion(prediction.scores));
    return { ...prediction, emotion, emotionCues: lexical.cues };
  }

  /**
   * An agent's correction takes effect for that exact text immediately (before the retrain that also
   * teaches its close variants finishes).
   */
  teach(text: string, intent: string): void {
    this.#pending.set(normalizeText(text), intent);
  }

  /** Trains on base + `extra` (which replaces the previous extras) synchronously, then swaps. */
  retrain(extra: readonly IntentExample[] = this.#extra): IntentModel {
    const generation = ++this.#generation;
    const model = trainIntentModel([...this.#base, ...extra], this.#options);
    return this.#swap(model, extra, generation);
  }

  /**
   * Same as `retrain`, but yields to the event loop between epochs (`pause`), so requests keep being
   * served by the old model. If a newer retrain starts meanwhile, the newer one wins.
   */
  async retrainAsync(extra: readonly IntentExample[] = this.#extra, pause: () => Promise<void> = nextTick): Promise<IntentModel> {
    const generation = ++this.#generation;
    const steps = trainIntentModelSteps([...this.#base, ...extra], this.#options);
    let step = steps.next();
    while (!step.done) {
      await pause();
      step = steps.next();
    }
    return this.#swap(step.value, extra, generation);
  }

  /** Replaces the model with a deserialised or externally trained one. */
  load(model: IntentModel, extra: readonly IntentExample[] = []): void {
    this.#swap(model, extra, ++this.#generation);
  }

  #swap(model: IntentModel, extra: readonly IntentExample[], generation: number): IntentModel {
    if (generation === this.#generation) {
      this.#model = model;
      this.#extra = extra;
      this.#version++;
      // taught texts the new model was trained with are now in its own memory
      const trained = new Set(extra.filter((e) => e.source === 'correction').map((e) => normalizeText(e.text)));
      for (const norm of [...this.#pending.keys()]) if (trained.has(norm)) this.#pending.delete(norm);
    }
    return model;
  }
}
