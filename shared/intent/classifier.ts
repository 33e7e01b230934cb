/**
 * @module IntentClassifier: holds the current model and swaps it atomically on retrain, and applies what people
 * taught before the model answers — an agent's correction (that text and its close variants) and an admin's
 * accepted trigger words — so both show in the very next decision. A new model is built completely
 * (synchronously, or stepwise yielding to the event loop) and only then replaces the one reference, so a
 * classify during retraining always uses the old model in full. The segmenter is injected (shared/ stays pure).
 */
import { wrapperVariants } from './data/augment';
import { TRAIN_EXAMPLES } from './data/index';
import type { EmotionCue } from './emotion';
import type { Segmenter } from './features';
import type { KeywordList } from './keywords';
import { trainIntentModel, trainIntentModelSteps, type IntentModel } from './model';
import { CorrectionMemory, TriggerWords, type TaughtHit } from './taught';
import type { IntentExample, IntentPrediction, TrainOptions } from './types';

export interface ClassifyResult extends IntentPrediction {
  /** Calibrated emotion in [0,1], 1 = angry/anxious. */
  readonly emotion: number;
  readonly emotionCues: readonly EmotionCue[];
  /** The corrected text or trigger word that decided the intent (source `memory` or `keyword`). */
  readonly evidence?: string;
}

export interface IntentClassifierInit {
  /** Base examples (default: the written training split). */
  readonly examples?: readonly IntentExample[];
  readonly options?: TrainOptions;
  /** Start from an already trained or deserialised model instead of training now. */
  readonly model?: IntentModel;
  /** Word segmenter for the model's word features (the server injects jieba); none: character features only. */
  readonly segment?: Segmenter;
  /** Accepted trigger words (first match wins, in list order). */
  readonly triggers?: readonly KeywordList[];
  /** Extra examples (admin examples, corrections) to train with from the start, as `retrain(extra)` would. */
  readonly extra?: readonly IntentExample[];
}

/** A trigger word decides with at least this confidence (above the default pack's rule thresholds). */
export const TRIGGER_CONFIDENCE = 0.9;

const nextTick = (): Promise<void> => new Promise((resolve) => { setTimeout(resolve, 0); });

/** Base + extras, plus one wrapped variant of each admin example ("请问…", "…谢谢" keep its intent). */
const withWrappedExtras = (base: readonly IntentExample[], extra: readonly IntentExample[]): IntentExample[] =>
  [...base, ...extra, ...wrapperVariants(extra.filter((e) => e.source === 'admin'), 1)];

export class IntentClassifier {
  #model: IntentModel;
  #version = 1;
  #generation = 0;
  #extra: readonly IntentExample[] = [];
  /** Every correction known (stored ones and those taught since): decides the text and its close variants. */
  readonly #corrections = new CorrectionMemory();
  #triggers: TriggerWords;
  #triggerLists: readonly KeywordList[];
  readonly #base: readonly IntentExample[];
  readonly #options: TrainOptions;
  readonly #segment: Segmenter | undefined;

  constructor(init: IntentClassifierInit = {}) {
    this.#base = init.examples ?? TRAIN_EXAMPLES;
    this.#options = init.options ?? {};
    this.#segment = init.segment;
    const extra = init.model ? [] : init.extra ?? [];
    this.#model = init.model ?? trainIntentModel(withWrappedExtras(this.#base, extra), this.#options, this.#segment);
    this.#extra = extra;
    this.#rememberStored(this.#model, extra);
    this.#triggerLists = init.triggers ?? [];
    this.#triggers = new TriggerWords(this.#triggerLists, (t) => this.#model.canonical(t));
  }

  get model(): IntentModel { return this.#model; }
  get segment(): Segmenter | undefined { return this.#segment; }
  /** Increments on every swap. */
  get version(): number { return this.#version; }
  /** Extra examples (admin examples, corrections) the current model was trained with. */
  get extraExamples(): readonly IntentExample[] { return this.#extra; }

  /** Intent, calibrated confidence and emotion of one message; never throws. */
  classify(text: string): ClassifyResult {
    return this.#decide(this.#model, this.#triggers, text);
  }

  /** The same message classified without trigger words (what an accepted word changed is the difference). */
  classifyWithTriggers(text: string, triggers: readonly KeywordList[]): ClassifyResult {
    return this.#decide(this.#model, new TriggerWords(triggers, (t) => this.#model.canonical(t)), text);
  }

  /** Replaces the accepted trigger words; the next classify uses them. */
  setTriggers(lists: readonly KeywordList[]): void {
    this.#triggerLists = lists;
    this.#triggers = new TriggerWords(lists, (t) => this.#model.canonical(t));
  }

  get triggers(): readonly KeywordList[] { return this.#triggerLists; }

  /** A classifier pinned to the current model, trigger words and corrections (a retrain does not change it). */
  snapshot(): IntentClassifier {
    const copy = new IntentClassifier({ examples: this.#base, options: this.#options, model: this.#model, triggers: this.#triggerLists, ...(this.#segment ? { segment: this.#segment } : {}) });
    this.#corrections.copyInto(copy.#corrections);
    return copy;
  }

  /** An agent's correction: decides this text and its close variants from now on (before any retrain). */
  teach(text: string, intent: string): void {
    this.#corrections.set(this.#model.canonical(text), intent, text);
  }

  /** Trains on base + `extra` (which replaces the previous extras) synchronously, then swaps. */
  retrain(extra: readonly IntentExample[] = this.#extra): IntentModel {
    const generation = ++this.#generation;
    const model = trainIntentModel(withWrappedExtras(this.#base, extra), this.#options, this.#segment);
    return this.#swap(model, extra, generation);
  }

  /**
   * Same as `retrain`, but yields to the event loop between epochs (`pause`), so requests keep being
   * served by the old model. If a newer retrain starts meanwhile, the newer one wins.
   */
  async retrainAsync(extra: readonly IntentExample[] = this.#extra, pause: () => Promise<void> = nextTick): Promise<IntentModel> {
    const generation = ++this.#generation;
    const steps = trainIntentModelSteps(withWrappedExtras(this.#base, extra), this.#options, this.#segment);
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

  #decide(model: IntentModel, triggers: TriggerWords, text: string): ClassifyResult {
    const a = model.analyze(text);
    const p = a.prediction;
    const base = { ...p, emotion: a.emotion, emotionCues: a.emotionCues };
    const corrected = this.#corrections.find(a.canonical);
    if (corrected) return this.#taught(base, corrected, 1);
    // safety first: a trigger word does not turn an emergency into something else
    const triggered = p.intent === 'urgent' ? undefined : triggers.find(a.canonical);
    if (triggered) return this.#taught(base, triggered, Math.max(TRIGGER_CONFIDENCE, p.scores[triggered.intent] ?? 0));
    return base;
  }

  #taught(base: ClassifyResult, hit: TaughtHit, confidence: number): ClassifyResult {
    return { ...base, intent: hit.intent, confidence, fallback: false, source: hit.source, evidence: hit.evidence };
  }

  #swap(model: IntentModel, extra: readonly IntentExample[], generation: number): IntentModel {
    if (generation === this.#generation) {
      this.#model = model;
      this.#extra = extra;
      this.#version++;
      this.#rememberStored(model, extra);
    }
    return model;
  }

  /**
   * Corrections stored before this process taught them (e.g. at start): the latest of each text; a text taught
   * since keeps what it was taught (teach() always sees a correction before any retrain does).
   */
  #rememberStored(model: IntentModel, extra: readonly IntentExample[]): void {
    const stored = new Map<string, IntentExample>();
    for (const e of extra) if (e.source === 'correction') stored.set(model.canonical(e.text), e);
    for (const [canonical, e] of stored) if (!this.#corrections.has(canonical)) this.#corrections.set(canonical, e.intent, e.text);
  }
}
