/**
 * @module `npm run --silent cli -- eval --file <csv|jsonl> [--format json|table]` (or `--builtin heldout`):
 * batch evaluation of a labelled question set — the model and the keyword matcher side by side.
 * `--at <ISO instant>` (repeatable) is reserved for the decision-pipeline run (see DECISION HOOK below).
 */
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import {
  compareOnSet, formatComparisonTable, HELDOUT_EXAMPLES, IntentClassifier, parseLabelledSet, type ComparisonReport,
  type LabelledRow, type ParsedSet,
} from '../../shared/intent/index';

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

/**
 * DECISION HOOK (issue 4, item 7, `--at`): set this to a function that runs the full decision pipeline for
 * each row at each instant and returns a JSON-serialisable summary (which template each window produced).
 * While unset, `--at` is rejected with exit code 2.
 */
export let runDecisionWindows: ((rows: readonly LabelledRow[], instants: readonly string[]) => Promise<unknown>) | undefined;

export function setDecisionRunner(fn: typeof runDecisionWindows): void { runDecisionWindows = fn; }

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
  if (a.at.length > 0 && runDecisionWindows === undefined) {
    process.stderr.write('eval: --at needs the decision pipeline, which is not wired into eval yet\n');
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
  const classifier = new IntentClassifier();
  const trainingMs = Math.round(performance.now() - t0);
  const comparison: ComparisonReport = compareOnSet(set.rows, {
    classify: (text) => classifier.classify(text),
    intents: classifier.model.intents,
    now: () => performance.now(),
  });
  const decisions = a.at.length > 0 && runDecisionWindows ? await runDecisionWindows(set.rows, a.at) : undefined;
  const report = {
    source: a.file ?? `builtin:${a.builtin ?? ''}`,
    skipped: set.problems.length,
    problems: set.problems.slice(0, 20),
    trainingMs,
    ...comparison,
    ...(decisions === undefined ? {} : { decisions }),
  };
  process.stdout.write(a.format === 'table' ? formatComparisonTable(report) : `${JSON.stringify(report, null, 2)}\n`);
  return 0;
}
