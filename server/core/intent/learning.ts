/**
 * @module IntentLearning: keeps `d.intent` trained on the written split plus what admins and agents taught
 * (admin examples, corrections). At start (unless the model was trained with the stored ones already) and after
 * every change it retrains in-process with
 * `retrainAsync` (yields between epochs, so requests keep being served by the old model) — debounced, one
 * training at a time, and swapped atomically by the classifier when complete.
 */
import type { CoreDeps } from '../../app/deps';
import { acceptedKeywordLists, loadTrainingExtras } from './catalog';

export interface IntentLearningOptions {
  /** Quiet period after a change before retraining (several quick corrections → one training). Default 150 ms. */
  readonly debounceMs?: number;
}

export interface LearningStatus {
  readonly modelVersion: number;
  readonly training: boolean;
  readonly pending: boolean;
  readonly extraExamples: number;
  readonly lastTrainingMs: number | null;
  readonly lastTrainedAt: number | null;
  readonly lastError: string | null;
}

export class IntentLearning {
  readonly #d: CoreDeps;
  readonly #debounceMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> | undefined;
  /** Resolvers of callers waiting for a training that starts after their change. */
  #waiting: (() => void)[] = [];
  #stopped = false;
  #lastTrainingMs: number | null = null;
  #lastTrainedAt: number | null = null;
  #lastError: string | null = null;

  constructor(d: CoreDeps, options: IntentLearningOptions = {}) {
    this.#d = d;
    this.#debounceMs = options.debounceMs ?? 150;
  }

  /**
   * Loads the accepted trigger words, then the stored examples and corrections, and retrains — only when the model
   * was not trained with exactly these (the composition root trains with the stored ones before serving).
   */
  async start(): Promise<void> {
    const { triggers, extras } = await this.#d.shared.uow.read(async (q) => ({ triggers: await acceptedKeywordLists(q), extras: await loadTrainingExtras(q) }));
    this.#d.intent.setTriggers(triggers);
    if (JSON.stringify(extras) === JSON.stringify(this.#d.intent.extraExamples)) return;
    await this.retrainNow();
  }

  /**
   * The accepted trigger words changed: resolves once they are read and in use (the next decision uses them); the
   * retrain that teaches the model too is scheduled (`idle()` waits for it).
   */
  async keywordsChanged(): Promise<void> {
    this.#d.intent.setTriggers(await this.#d.shared.uow.read((q) => acceptedKeywordLists(q)));
    void this.scheduleRetrain();
  }

  /** Asks for a retrain after the debounce; resolves once a training that includes this change has swapped in. */
  scheduleRetrain(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    const done = new Promise<void>((resolve) => { this.#waiting.push(resolve); });
    if (this.#running === undefined) this.#arm();
    return done;
  }

  /** Retrains without waiting for the debounce (e.g. at start). */
  retrainNow(): Promise<void> {
    const done = new Promise<void>((resolve) => { this.#waiting.push(resolve); });
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#running === undefined) void this.#run();
    return done;
  }

  /** Resolves when no training is pending or running. */
  async idle(): Promise<void> {
    while (this.#running !== undefined || this.#timer !== undefined) {
      await (this.#running ?? new Promise<void>((resolve) => { this.#waiting.push(resolve); }));
    }
  }

  /** Stops scheduling (a training in flight finishes in memory; it touches the database only when it starts). */
  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const resolve of this.#waiting.splice(0)) resolve();
  }

  status(): LearningStatus {
    return {
      modelVersion: this.#d.intent.version, training: this.#running !== undefined, pending: this.#timer !== undefined,
      extraExamples: this.#d.intent.extraExamples.length, lastTrainingMs: this.#lastTrainingMs,
      lastTrainedAt: this.#lastTrainedAt, lastError: this.#lastError,
    };
  }

  #arm(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => { this.#timer = undefined; void this.#run(); }, this.#debounceMs);
  }

  async #run(): Promise<void> {
    if (this.#stopped) return;
    const waiting = this.#waiting.splice(0);
    const training = (async () => {
      const started = performance.now();
      try {
        const extras = await this.#d.shared.uow.read((q) => loadTrainingExtras(q));
        await this.#d.intent.retrainAsync(extras);
        this.#lastTrainingMs = Math.round(performance.now() - started);
        this.#lastTrainedAt = this.#d.clock.now();
        this.#lastError = null;
        this.#d.log.info({ version: this.#d.intent.version, extras: extras.length, ms: this.#lastTrainingMs }, 'intent model retrained');
      } catch (err) {
        this.#lastError = err instanceof Error ? err.message : String(err);
        this.#d.log.error({ err }, 'intent retraining failed; the previous model stays in use');
      }
    })();
    this.#running = training;
    await training;
    this.#running = undefined;
    for (const resolve of waiting) resolve();
    // changes that arrived during the training get their own (debounced) run
    if (this.#waiting.length > 0 && !this.#stopped) this.#arm();
  }
}
