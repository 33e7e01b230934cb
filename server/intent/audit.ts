/** @module One audit row per admin change to intents (inside the change's transaction). */
import type { Store } from '../db/index';
import { auditLog } from '../db/schema/index';

export interface AuditEntry {
  readonly at: number;
  readonly actor: string;
  /** e.g. `intent.create`, `intent.example.add`, `intent.suggestion.accept`. */
  readonly action: string;
  readonly target: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

export function writeAudit(tx: Store, e: AuditEntry): void {
  tx.insert(auditLog).values({
    at: e.at, actor: e.actor, action: e.action, target: e.target,
    before: e.before === undefined ? null : JSON.stringify(e.before),
    after: e.after === undefined ? null : JSON.stringify(e.after),
  }).run();
}
