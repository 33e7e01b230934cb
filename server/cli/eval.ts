/**
 * @module `npm run --silent cli -- eval --file <csv|jsonl> [--format json|table]` (or `--builtin heldout`):
 * batch evaluation of a labelled question set — the model and the keyword matcher side by side.
 * `--at <ISO instant>` (repeatable) also runs every question through the decision pipeline at that instant.
 */
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import {
  compareOnSet, formatComparisonTable, HELDOUT_EXAMPLES, parseLabelledSet, type ComparisonReport,
  type ParsedSet,
} from '../../shared/intent/index';
import { decisionWindows, formatWindows } from './eval-windows';
import { createIntentClassifier } from '../intent/create-classifier';

interface EvalArgs { file?: string; builtin?: string; format: 'json' | 'table'; at: string[] }

function parseArgs(args: string[]): EvalArgs | string {
  const out: EvalArgs = { format: 'json', at: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const v = args[i + 1];
    if (a === '--file' && v) { out.file = v; i++; } else if (a === '--builtin' && v) { out.builtin = v; i++; } else if (a === '--format' && (v === 'json' || v === 'table')) { out.format = v; i++; } else if (a === '--at' && v) { out.at.push(v); i++; } else return `unknown or incomplete option: ${a ?? ''}`;
  }
  if (!out.file && out.builtin !== 'heldout') return 'need --file <csv|jsonl> or --builtin heldout';
  return out;
}

async function loadSet(a: EvalArgs): Promise<ParsedSet> {
  if (a.file) return parseLabelledSet(await readFile(a.file, 'utf8'), a.file);
  return {
    rows: HELDOUT_EXAMPLES.map((e, i) => ({ text: e.text, intent: e.intent, line: i + 1, ...(e.emotion === undefined ? {} : { emotion: e.emotion }) })),
    problems: [],
  };
}

export async function run(args: string[]): Promise<number> {
  const a = parseArgs(args);
  if (typeof a === 'string') {
    process.stderr.write(`eval: ${a}\nusage: eval --file <set.csv|set.jsonl> [--format json|table] [--at <ISO>]…\n`);
    return 2;
  }
  const badAt = a.at.find((x) => Number.isNaN(Date.parse(x)) || !/([+-]\d{2}:?\d{2}|Z)$/.test(x));
  if (badAt) {
    process.stderr.write(`eval: --at ${badAt} must be an ISO-8601 instant with an offset\n`);
    return 2;
  }
  let set: ParsedSet;
  try {
    set = await loadSet(a);
  } catch (err) {
    process.stderr.write(`eval: cannot read ${a.file ?? ''}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  if (set.rows.length === 0) {
    process.stderr.write(`eval: no usable rows${set.problems[0] ? ` (${set.problems[0].error}, line ${set.problems[0].line})` : ''}\n`);
    return 1;
  }
  const t0 = performance.now();
  const classifier = createIntentClassifier();
  const trainingMs = Math.round(performance.now() - t0);
  const comparison: ComparisonReport = compareOnSet(set.rows, {
    classify: (text) => classifier.classify(text),
    intents: classifier.model.intents,
    now: () => performance.now(),
  });
  const decisions = a.at.length > 0 ? decisionWindows(set.rows, a.at, classifier) : undefined;
  const report = {
    source: a.file ?? `builtin:${a.builtin ?? ''}`,
    skipped: set.problems.length,
    problems: set.problems.slice(0, 20),
    trainingMs,
    ...comparison,
    ...(decisions === undefined ? {} : { decisions }),
  };
  process.stdout.write(a.format === 'table'
    ? `${formatComparisonTable(report)}${decisions ? formatWindows(decisions) : ''}`
    : `${JSON.stringify(report, null, 2)}\n`);
  return 0;
}
