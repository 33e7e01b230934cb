/**
 * @module `npm run --silent cli -- eval --file <csv|jsonl> [--format json|table]` (or `--builtin heldout|hard|dev`):
 * batch evaluation of a labelled question set — the model and the keyword matcher side by side, per intent and,
 * when the set labels a `kind` column, per kind of message. Optional `conversation` and `at` columns make the set
 * one or more customers' conversations, run through the real decision pipeline in time order (the template chosen
 * at each step, decision time, how often the emergency and 别烦我 flows fire where they should); `--at` is then
 * the instant of a first line without one. Without those columns, `--at <instant>` (repeatable) runs every
 * question through the pipeline at that instant instead.
 */
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import {
  compareOnSet, formatComparisonTable, HARD_DEV_EXAMPLES, HARD_HELDOUT_EXAMPLES, HELDOUT_EXAMPLES, isInstant, parseLabelledSet,
  type ComparisonReport, type IntentExample, type KindExample, type ParsedSet,
} from '../../shared/intent/index';
import { decisionWindows, formatWindows } from './eval-windows';
import { formatConversations } from './eval-conversations';
import { createIntentClassifier } from '../core/intent/create-classifier';
import { runConversations, wantsConversations } from '../core/intent/run-conversations';

const BUILTIN: Readonly<Record<string, readonly (IntentExample | KindExample)[]>> = {
  heldout: HELDOUT_EXAMPLES, hard: HARD_HELDOUT_EXAMPLES, dev: HARD_DEV_EXAMPLES,
};

interface EvalArgs { file?: string; builtin?: string; format: 'json' | 'table'; at: string[] }

function parseArgs(args: string[]): EvalArgs | string {
  const out: EvalArgs = { format: 'json', at: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const v = args[i + 1];
    if (a === '--file' && v) { out.file = v; i++; } else if (a === '--builtin' && v) { out.builtin = v; i++; } else if (a === '--format' && (v === 'json' || v === 'table')) { out.format = v; i++; } else if (a === '--at' && v) { out.at.push(v); i++; } else return `unknown or incomplete option: ${a ?? ''}`;
  }
  if (!out.file && !(out.builtin && out.builtin in BUILTIN)) return `need --file <csv|jsonl> or --builtin ${Object.keys(BUILTIN).join('|')}`;
  return out;
}

async function loadSet(a: EvalArgs): Promise<ParsedSet> {
  if (a.file) return parseLabelledSet(await readFile(a.file, 'utf8'), a.file);
  return {
    rows: (BUILTIN[a.builtin ?? ''] ?? []).map((e, i) => ({
      text: e.text, intent: e.intent, line: i + 1, ...(e.emotion === undefined ? {} : { emotion: e.emotion }), ...('kind' in e ? { kind: e.kind } : {}),
    })),
    problems: [],
  };
}

export async function run(args: string[]): Promise<number> {
  const a = parseArgs(args);
  if (typeof a === 'string') {
    process.stderr.write(`eval: ${a}\nusage: eval --file <set.csv|set.jsonl> [--format json|table] [--at <ISO>]…\n`);
    return 2;
  }
  const badAt = a.at.find((x) => !isInstant(x));
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
  const asConversations = wantsConversations(set.rows);
  const conversations = asConversations ? await runConversations(set.rows, classifier, { start: a.at[0] ? Date.parse(a.at[0]) : Date.now() }) : undefined;
  const decisions = !asConversations && a.at.length > 0 ? await decisionWindows(set.rows, a.at, classifier) : undefined;
  const report = {
    source: a.file ?? `builtin:${a.builtin ?? ''}`,
    skipped: set.problems.length,
    problems: set.problems.slice(0, 20),
    trainingMs,
    ...comparison,
    ...(decisions === undefined ? {} : { decisions }),
    ...(conversations === undefined ? {} : { conversations }),
  };
  process.stdout.write(a.format === 'table'
    ? `${formatComparisonTable(report)}${decisions ? formatWindows(decisions) : ''}${conversations ? formatConversations(conversations) : ''}`
    : `${JSON.stringify(report, null, 2)}\n`);
  return 0;
}
