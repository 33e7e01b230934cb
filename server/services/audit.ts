/** @module audit: one row per admin change (who, what, before/after), written inside the change's transaction. */
import type { Store } from '../db/index';
import { auditLog } from '../db/schema/index';

export interface AuditEntry {
  at: number;
  actor: string;
  /** e.g. `rules.publish`, `template.update`, `intent.correct`, `duty.group.create`. */
  action: string;
  target?: string;
  before?: unknown;
  after?: unknown;
}

export function audit(store: Store, e: AuditEntry): void {
  store.insert(auditLog).values({
    at: e.at, actor: e.actor, action: e.action, target: e.target ?? null,
    before: e.before === undefined ? null : JSON.stringify(e.before),
    after: e.after === undefined ? null : JSON.stringify(e.after),
  }).run();
}
