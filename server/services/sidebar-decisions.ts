/**
 * @module The "why" view: the last automatic decisions of a conversation with their trace in plain language
 * (zh and en, via the engine's `explainTrace`), newest first.
 */
import { and, desc, eq } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import { decisions } from '../db/schema/index';
import { explainTrace, type Trace } from '../../shared/engine/index';
import type { DecisionView } from '../../shared/domain/sidebar';

export const DECISION_LIMIT = 10;

function explain(traceJson: string): { zh: string[]; en: string[] } {
  try {
    const trace = JSON.parse(traceJson) as Trace;
    return { zh: explainTrace(trace, 'zh', { misses: false }), en: explainTrace(trace, 'en', { misses: false }) };
  } catch {
    return { zh: ['（无法解读此决策的记录）'], en: ['(this decision record cannot be read)'] };
  }
}

export function recentDecisions(d: Pick<CoreDeps, 'db'>, conversationId: number, limit = DECISION_LIMIT): DecisionView[] {
  return d.db.select().from(decisions)
    .where(and(eq(decisions.conversationId, conversationId), eq(decisions.dryRun, false)))
    .orderBy(desc(decisions.at), desc(decisions.id)).limit(limit).all()
    .map((r) => {
      let actions: DecisionView['actions'] = [];
      try {
        actions = (JSON.parse(r.actions) as { type: string; kind?: string }[]).map((a) => ({ type: a.type, kind: a.kind }));
      } catch { /* keep empty */ }
      return {
        id: r.id, at: r.at, trigger: r.trigger, ruleSetVersion: r.ruleSetVersion, dryRun: r.dryRun, causeMsgid: r.causeMsgid,
        actions, lines: explain(r.trace),
      };
    });
}
