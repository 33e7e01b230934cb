/**
 * @module What changed between two rule sets, rule by rule (matched by rule id): added, removed, and for a rule in
 * both, which of its fields differ — the readable diff shown before a rollback. Pure.
 */
import type { Rule } from './api';

export type RuleField = 'name' | 'priority' | 'enabled' | 'stop' | 'emergency' | 'trigger' | 'when' | 'then' | 'description';
export interface FieldChange { field: RuleField; before: unknown; after: unknown }
export interface RuleDiff {
  added: Rule[];
  removed: Rule[];
  changed: { before: Rule; after: Rule; fields: FieldChange[] }[];
}

const FIELDS: RuleField[] = ['name', 'priority', 'enabled', 'stop', 'emergency', 'trigger', 'description', 'when', 'then'];
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** From `from` (e.g. the active version) to `to` (the version about to become active). */
export function diffRules(from: readonly Rule[], to: readonly Rule[]): RuleDiff {
  const before = new Map(from.map((r) => [r.id, r]));
  const after = new Map(to.map((r) => [r.id, r]));
  const out: RuleDiff = { added: [], removed: [], changed: [] };
  for (const r of to) if (!before.has(r.id)) out.added.push(r);
  for (const r of from) if (!after.has(r.id)) out.removed.push(r);
  for (const r of to) {
    const b = before.get(r.id);
    if (!b) continue;
    const fields = FIELDS.filter((f) => !same(b[f], r[f])).map((f) => ({ field: f, before: b[f], after: r[f] }));
    if (fields.length) out.changed.push({ before: b, after: r, fields });
  }
  return out;
}

export const isEmptyDiff = (d: RuleDiff) => !d.added.length && !d.removed.length && !d.changed.length;
