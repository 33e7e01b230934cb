/**
 * @module Evaluation as the admin sees it: a labelled set (CSV or JSONL) run through the live model and the
 * keyword lists in force — the same comparison report as `npm run cli -- eval` — plus how the current
 * model stands on every stored correction (agrees or not).
 */
import { asc } from 'drizzle-orm';
import type { CoreDeps } from '../../app/deps';
import { ValidationError } from '../errors';
import {
  compareOnSetAsync, type ConversationsRun, type IntentClassifier, normalizeText, parseLabelledCsv, parseLabelledJsonl, type ComparisonReport, type ParseProblem,
} from '../../../shared/intent/index';
import type { IntentId } from '../../../shared/domain/vocabulary';
import { currentKeywordLists } from './catalog';
import type { IntentLearning } from './learning';
import { runConversations, wantsConversations } from './run-conversations';

export interface CorrectionCheck {
  id: number; msgid: string; text: string; fromIntent: IntentId | null; toIntent: IntentId;
  correctedBy: string; correctedAt: number;
  /** False when a later correction of the same text replaced this one. */
  current: boolean;
  model: IntentId;
  confidence: number;
  agrees: boolean;
}

export interface CorrectionAgreement {
  /** Current (not superseded) corrections and how many of them the live model agrees with. */
  total: number;
  agreed: number;
  rate: number;
  corrections: CorrectionCheck[];
}

export interface EvaluationReport extends ComparisonReport {
  source: string;
  skipped: number;
  problems: ParseProblem[];
  /** Duration of the training that produced the live model (null: the start-up model, trained before). */
  trainingMs: number | null;
  modelVersion: number;
  keywordLists: number;
  correctionAgreement: CorrectionAgreement;
  /** When the set has conversation/at columns: each conversation through the decision pipeline. */
  conversations?: ConversationsRun;
}

const round = (v: number): number => Math.round(v * 10000) / 10000;

export async function checkCorrections(d: { shared: Pick<CoreDeps['shared'], 'uow'>; intent: Pick<IntentClassifier, 'classify'> }, limit = 500): Promise<CorrectionAgreement> {
  const rows = await d.shared.uow.read((q) => q.db.select().from(q.t.intentCorrections).orderBy(asc(q.t.intentCorrections.id)));
  const latest = new Map<string, number>();
  for (const r of rows) latest.set(normalizeText(r.text), r.id);
  const checks = rows.map((r): CorrectionCheck => {
    const p = d.intent.classify(r.text);
    return { ...r, current: latest.get(normalizeText(r.text)) === r.id, model: p.intent, confidence: round(p.confidence), agrees: p.intent === r.toIntent };
  });
  const current = checks.filter((c) => c.current);
  const agreed = current.filter((c) => c.agrees).length;
  return { total: current.length, agreed, rate: current.length === 0 ? 1 : round(agreed / current.length), corrections: checks.reverse().slice(0, limit) };
}

export type SetFormat = 'csv' | 'jsonl';

/** CSV when asked, or when the name ends in .csv, or when the first line looks like a CSV header. */
export function detectFormat(content: string, name?: string, format?: SetFormat): SetFormat {
  if (format) return format;
  if (name && /\.csv$/i.test(name)) return 'csv';
  if (name && /\.jsonl?$/i.test(name)) return 'jsonl';
  return content.replace(/^\uFEFF/, '').trimStart().startsWith('{') ? 'jsonl' : 'csv';
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => { setImmediate(resolve); });

/**
 * Runs the set through one pinned model (a retrain finishing meanwhile does not mix two models into one
 * report), in slices of ~10 ms so other requests keep being served during a large evaluation.
 */
export async function evaluateSet(
  d: Pick<CoreDeps, 'intent' | 'clock' | 'shared'> & { learning: IntentLearning },
  input: { content: string; name?: string | undefined; format?: SetFormat | undefined },
): Promise<EvaluationReport> {
  const format = detectFormat(input.content, input.name, input.format);
  const set = format === 'csv' ? parseLabelledCsv(input.content) : parseLabelledJsonl(input.content);
  if (set.rows.length === 0) {
    const first = set.problems[0];
    throw new ValidationError(`no usable rows${first ? ` (${first.error}, line ${first.line})` : ''}`,
      set.problems.slice(0, 20).map((p) => ({ path: `line ${p.line}`, message: p.error })));
  }
  const modelVersion = d.intent.version;
  const pinned = d.intent.snapshot();
  const keywords = await d.shared.uow.read((q) => currentKeywordLists(q));
  const comparison = await compareOnSetAsync(set.rows, {
    classify: (text) => pinned.classify(text), keywords, intents: pinned.model.intents, now: () => performance.now(),
    pause: yieldToEventLoop,
  });
  const conversations = wantsConversations(set.rows) ? await runConversations(set.rows, pinned, { start: d.clock.now(), pause: yieldToEventLoop }) : undefined;
  return {
    source: input.name ?? `upload.${format}`,
    skipped: set.problems.length,
    problems: set.problems.slice(0, 20),
    trainingMs: d.learning.status().lastTrainingMs,
    modelVersion,
    keywordLists: keywords.length,
    ...comparison,
    correctionAgreement: await checkCorrections({ shared: d.shared, intent: pinned }),
    ...(conversations === undefined ? {} : { conversations }),
  };
}
