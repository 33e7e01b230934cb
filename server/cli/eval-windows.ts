/**
 * @module `eval --at <instant>…`: runs every question of the set through the real decision pipeline (a fresh
 * sandbox per instant, each question as its own customer) and reports which templates each window produced,
 * overall and per labelled intent — so transitions across lunch, night and holidays can be checked.
 */
import { DecisionSandbox } from '../core/engine/sandbox';
import type { IntentClassifier, LabelledRow } from '../../shared/intent/index';

export interface WindowReport {
  at: string;
  window: string;
  nextOpenAt: string | null;
  /** template id (or `none`) → how many questions got it first. */
  templates: Record<string, number>;
  /** labelled intent → template id → count. */
  byIntent: Record<string, Record<string, number>>;
  transfers: number;
  alerts: number;
}

const bump = (m: Record<string, number>, k: string) => { m[k] = (m[k] ?? 0) + 1; };

export async function decisionWindows(rows: readonly LabelledRow[], instants: readonly string[], intent: IntentClassifier): Promise<WindowReport[]> {
  const reports: WindowReport[] = [];
  for (const at of instants) {
    const ms = Date.parse(at);
    if (Number.isNaN(ms)) throw new Error(`--at ${at} is not an ISO-8601 instant`);
    const sandbox = await DecisionSandbox.open({ at: ms, intent });
    try {
      const report: WindowReport = { at, window: '', nextOpenAt: null, templates: {}, byIntent: {}, transfers: 0, alerts: 0 };
      for (const [i, row] of rows.entries()) {
        const r = await sandbox.send(`wmEval${i}`, row.text);
        report.window = r.trace.facts.window;
        report.nextOpenAt = r.nextOpenAt;
        const first = r.actions.find((a) => 'kind' in a);
        const key = first && 'kind' in first ? first.templateId ?? first.kind : 'none';
        bump(report.templates, key);
        bump((report.byIntent[row.intent] ??= {}), key);
        report.transfers += r.actions.filter((a) => a.type === 'transfer').length;
        report.alerts += r.actions.filter((a) => a.type === 'alert_manager').length;
      }
      reports.push(report);
    } finally {
      sandbox.close();
    }
  }
  return reports;
}

export function formatWindows(reports: WindowReport[]): string {
  const lines = ['', 'Decisions by instant (first reply template per question):'];
  for (const r of reports) {
    const top = Object.entries(r.templates).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}×${n}`).join('  ');
    lines.push(`  ${r.at}  window=${r.window}${r.nextOpenAt ? `  next_open=${r.nextOpenAt}` : ''}  transfers=${r.transfers}  alerts=${r.alerts}`, `    ${top}`);
  }
  return `${lines.join('\n')}\n`;
}
