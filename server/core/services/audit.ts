/**
 * @module audit: one row per admin change (who, what, before/after), written inside the change's transaction —
 * `writeAudit(tx, …)` in a unit of work (either engine).
 */
import type { Queries } from '../ports/queries';

export interface AuditEntry {
  at: number;
  actor: string;
  /** e.g. `rules.publish`, `template.update`, `intent.correct`, `duty.group.create`. */
  action: string;
  target?: string;
  before?: unknown;
  after?: unknown;
}

/** The stored row of an entry (before/after as JSON text). */
export function auditRow(e: AuditEntry) {
  return {
    at: e.at, actor: e.actor, action: e.action, target: e.target ?? null,
    before: e.before === undefined ? null : JSON.stringify(e.before),
    after: e.after === undefined ? null : JSON.stringify(e.after),
  };
}

/** The audit row of a change, in the change's unit of work (`tx`). */
export async function writeAudit(tx: Queries, e: AuditEntry): Promise<void> {
  await tx.db.insert(tx.t.auditLog).values(auditRow(e));
}
