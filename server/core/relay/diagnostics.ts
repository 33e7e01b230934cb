/** @module Diagnostics rows for every relay attempt, escalation, alert and late timer (who, when, why, WeCom result). */
import { type DiagnosticKind } from '../../adapters/db/sqlite/schema/index';
import { isOpenAt } from '../../../shared/calendar/index';
import { calendarForIn } from '../config/calendar';
import type { Queries } from '../ports/queries';

export interface DiagnosticInput {
  at: number;
  kind: DiagnosticKind;
  conversationId?: number | null;
  actor?: string | null;
  target?: string | null;
  reason: string;
  errcode?: number | null;
  result: string;
  detail?: unknown;
}

/** Outside open hours (a night hand-over) by the conversation's calendar (its team's, else the organisation's). */
export async function isNightIn(q: Queries, at: number, conversationId?: number | null): Promise<boolean> {
  return !isOpenAt(await calendarForIn(q, { conversationId }), new Date(at));
}

/** The diagnostics row of one relay attempt, escalation, alert or late timer, in a unit of work (either engine). */
export async function recordDiagnosticIn(q: Queries, d: DiagnosticInput): Promise<void> {
  await q.db.insert(q.t.relayDiagnostics).values({
    at: d.at, kind: d.kind, conversationId: d.conversationId ?? null, actor: d.actor ?? null, target: d.target ?? null,
    reason: d.reason, errcode: d.errcode ?? null, result: d.result, night: await isNightIn(q, d.at, d.conversationId),
    detail: d.detail === undefined ? null : JSON.stringify(d.detail),
  });
}
