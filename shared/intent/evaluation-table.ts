/** @module Readable plain-text table of a model-vs-keyword comparison report (eval CLI `--format table`). */
import type { ComparisonReport } from './evaluation';

const pct = (v: number): string => (v * 100).toFixed(1).padStart(5);
const pad = (s: string, n: number): string => s.padEnd(n);

export function formatComparisonTable(r: ComparisonReport & { source: string; skipped: number; trainingMs: number }): string {
  const lines: string[] = [];
  lines.push(`set: ${r.source}   rows: ${r.rows}   skipped: ${r.skipped}   model training: ${r.trainingMs} ms`, '');
  lines.push(`${pad('intent', 14)} ${pad('support', 7)} |  model P     R    F1 | keyword P    R    F1`);
  lines.push('-'.repeat(74));
  r.model.perIntent.forEach((m) => {
    const k = r.keyword.perIntent.find((x) => x.intent === m.intent);
    lines.push(`${pad(m.intent, 14)} ${String(m.support).padStart(7)} | ${pct(m.precision)} ${pct(m.recall)} ${pct(m.f1)} |`
      + ` ${pct(k?.precision ?? 0)} ${pct(k?.recall ?? 0)} ${pct(k?.f1 ?? 0)}`);
  });
  lines.push('-'.repeat(74));
  const row = (name: string, m: number, k: number): string => `${pad(name, 26)} ${pct(m)}%   ${pct(k)}%`;
  lines.push(`${pad('', 26)}  model    keyword`);
  lines.push(row('accuracy', r.model.accuracy, r.keyword.accuracy));
  lines.push(row('macro-F1', r.model.macroF1, r.keyword.macroF1));
  lines.push(row('other false-accept', r.model.otherFalseAcceptRate, r.keyword.otherFalseAcceptRate));
  lines.push(`${pad('latency p50 / p99 (ms)', 26)} ${r.model.latencyMs.p50.toFixed(3)} / ${r.model.latencyMs.p99.toFixed(3)}`
    + `   ${r.keyword.latencyMs.p50.toFixed(3)} / ${r.keyword.latencyMs.p99.toFixed(3)}`);
  const e = r.model.emotion;
  if (e) lines.push(`emotion (${e.labelled} labelled): agreement ±0.25 ${pct(e.agreement)}%, same side of 0.5 ${pct(e.sideAgreement)}%, MAE ${e.meanAbsError.toFixed(3)}`);
  if (r.perKind) {
    lines.push('', `${pad('kind of message', 18)} ${'lines'.padStart(5)}  model  keyword`);
    for (const k of r.perKind) lines.push(`${pad(k.kind, 18)} ${String(k.total).padStart(5)}  ${pct(k.accuracy)}%  ${pct(k.keywordAccuracy)}%`);
  }
  lines.push('', 'top confusions (gold → model):');
  for (const c of r.model.confusion.slice(0, 10)) lines.push(`  ${c.gold} → ${c.predicted}: ${c.count}`);
  return `${lines.join('\n')}\n`;
}
