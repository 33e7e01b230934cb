/** @module audit: one row per admin change (who, what, before/after), written in the change's transaction. */
import type { Store } from '../db/index';
import { auditLog } from '../db/schema/index';

export interface AuditEntry { actor: string; action: string; target?: string; before?: unknown; after?: unknown }

export function audit(store: Store, at: number, e: AuditEntry): void {
  store.insert(auditLog).values({
    at, actor: e.actor, action: e.action, target: e.target ?? null,
    before: e.before === undefined ? null : JSON.stringify(e.before),
    after: e.after === undefined ? null : JSON.stringify(e.after),
  }).run();
}
