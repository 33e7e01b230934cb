/**
 * @module `npm run --silent cli -- classify`: stdin JSONL `{"text"}` → stdout JSONL
 * `{"text","intent","confidence","emotion"}`, one line out per line in; a bad line yields `{"error",…}`.
 * `--explain` adds topIntent, fallback, source and the emotion cues.
 */
import { createInterface } from 'node:readline';
import type { ClassifyResult, IntentClassifier } from '../../shared/intent/index';
import { createIntentClassifier } from '../core/intent/create-classifier';

const round = (v: number): number => Math.round(v * 10000) / 10000;

function lineOut(line: string, classifier: IntentClassifier, explain: boolean, n: number): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return JSON.stringify({ error: 'invalid JSON', line: n });
  }
  const text = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)['text'] : undefined;
  if (typeof text !== 'string') return JSON.stringify({ error: 'expected an object with a string "text"', line: n });
  const r: ClassifyResult = classifier.classify(text);
  const base = { text, intent: r.intent, confidence: round(r.confidence), emotion: r.emotion };
  return JSON.stringify(explain
    ? { ...base, topIntent: r.topIntent, fallback: r.fallback, source: r.source, cues: r.emotionCues }
    : base);
}

export async function run(args: string[]): Promise<number> {
  const explain = args.includes('--explain');
  const unknown = args.filter((a) => a !== '--explain');
  if (unknown.length > 0) {
    process.stderr.write(`classify: unknown option ${unknown[0] ?? ''} (usage: classify [--explain] < input.jsonl)\n`);
    return 2;
  }
  const classifier = createIntentClassifier();
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let n = 0;
  let buffer: string[] = [];
  for await (const line of lines) {
    n++;
    let out: string;
    try {
      out = line.trim() === '' ? JSON.stringify({ error: 'empty line', line: n }) : lineOut(line, classifier, explain, n);
    } catch (err) {
      out = JSON.stringify({ error: err instanceof Error ? err.message : String(err), line: n });
    }
    buffer.push(out);
    if (buffer.length >= 256) {
      if (!process.stdout.write(`${buffer.join('\n')}\n`)) await new Promise((r) => process.stdout.once('drain', r));
      buffer = [];
    }
  }
  if (buffer.length > 0) process.stdout.write(`${buffer.join('\n')}\n`);
  return 0;
}
