/**
 * @module Intent benchmark (plain tsx script): classify p50/p99, training time and memory added by the
 * model, each next to the keyword matcher measured in the same run. `npx tsx test/bench/intent.bench.ts`
 */
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import {
  DEFAULT_KEYWORDS, HELDOUT_EXAMPLES, IntentClassifier, matchKeywords, percentile, trainIntentModel, TRAIN_EXAMPLES,
  compareOnSet, type KeywordList,
} from '../../shared/intent/index';

v8.setFlagsFromString('--expose_gc');
const gc = vm.runInNewContext('gc') as () => void;

function heapMb(): number {
  gc(); gc();
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 1048576;
}

function latencies(fn: (text: string) => unknown, texts: readonly string[], rounds: number): number[] {
  for (let i = 0; i < 3000; i++) fn(texts[i % texts.length] ?? '');
  const out: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const t of texts) {
      const s = performance.now();
      fn(t);
      out.push(performance.now() - s);
    }
  }
  return out;
}

const texts = [...HELDOUT_EXAMPLES, ...TRAIN_EXAMPLES].map((e) => e.text);
const f = (v: number, d = 3): string => v.toFixed(d);

// memory: keyword lists vs a trained classifier, each kept alive while measured
let before = heapMb();
const keywordCopy: KeywordList[] = DEFAULT_KEYWORDS.map((l) => ({ intent: l.intent, keywords: [...l.keywords] }));
const keywordMb = heapMb() - before;
before = heapMb();
const t0 = performance.now();
const classifier = new IntentClassifier();
const firstTrainMs = performance.now() - t0;
const modelMb = heapMb() - before;

// training time: cold (above) and warm median of 5; the keyword matcher has nothing to train
const trainMs: number[] = [];
for (let i = 0; i < 5; i++) {
  const s = performance.now();
  trainIntentModel(TRAIN_EXAMPLES);
  trainMs.push(performance.now() - s);
}
const kwBuild: number[] = [];
for (let i = 0; i < 5; i++) {
  const s = performance.now();
  DEFAULT_KEYWORDS.map((l) => ({ intent: l.intent, keywords: [...l.keywords] }));
  kwBuild.push(performance.now() - s);
}

const rounds = 20;
const modelLat = latencies((t) => classifier.classify(t), texts, rounds);
const keywordLat = latencies((t) => matchKeywords(t, keywordCopy), texts, rounds);
const long = '东西用了一周就坏了，'.repeat(1000);
const longLat = latencies((t) => classifier.classify(t), [long], 50);

const quality = compareOnSet(HELDOUT_EXAMPLES.map((e, i) => ({ ...e, line: i + 1 })), {
  classify: (t) => classifier.classify(t), now: () => performance.now(), intents: classifier.model.intents,
});

const p = (xs: number[], q: number): number => percentile(xs, q);
const rows: [string, string, string, string][] = [
  ['classify p50 (ms)', f(p(modelLat, 50), 4), f(p(keywordLat, 50), 4), f(p(modelLat, 50) / p(keywordLat, 50), 1)],
  ['classify p99 (ms)', f(p(modelLat, 99), 4), f(p(keywordLat, 99), 4), f(p(modelLat, 99) / p(keywordLat, 99), 1)],
  ['training cold (ms)', f(firstTrainMs, 1), f(0, 1), '-'],
  ['training warm median (ms)', f(p(trainMs, 50), 1), f(p(kwBuild, 50), 3), '-'],
  ['memory added (MB)', f(modelMb, 2), f(keywordMb, 3), '-'],
  ['held-out accuracy', f(quality.model.accuracy), f(quality.keyword.accuracy), '-'],
  ['held-out macro-F1', f(quality.model.macroF1), f(quality.keyword.macroF1), `+${f(quality.delta.macroF1)}`],
  ['other false-accept rate', f(quality.model.otherFalseAcceptRate), f(quality.keyword.otherFalseAcceptRate), '-'],
];
console.log(`intent bench — ${texts.length} texts × ${rounds} rounds, ${TRAIN_EXAMPLES.length} training examples, model features ${classifier.model.features}`);
console.log(`${'metric'.padEnd(28)}${'model'.padStart(12)}${'keyword'.padStart(12)}${'ratio'.padStart(10)}`);
for (const [name, m, k, r] of rows) console.log(`${name.padEnd(28)}${m.padStart(12)}${k.padStart(12)}${r.padStart(10)}`);
console.log(`10 KB message: classify p50 ${f(p(longLat, 50), 3)} ms, p99 ${f(p(longLat, 99), 3)} ms (text capped at MAX_TEXT_LENGTH chars)`);
const checks: [string, boolean][] = [
  ['classify p99 ≤ 0.5 ms', p(modelLat, 99) <= 0.5],
  ['training ≤ 1 s (cold)', firstTrainMs <= 1000],
  ['memory added ≤ 30 MB', modelMb <= 30],
  ['held-out accuracy ≥ 0.90', quality.model.accuracy >= 0.9],
  ['macro-F1 ≥ keyword + 0.15', quality.delta.macroF1 >= 0.15],
];
for (const [name, ok] of checks) console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}`);
process.exitCode = checks.every(([, ok]) => ok) ? 0 : 1;
