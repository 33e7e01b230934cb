/**
 * @module Pure helpers of the rule form: the flat "all/any of (optionally negated) conditions" view of a rule's
 * condition tree, default params from the catalogue's JSON Schema, cleaning optional empties before save, and
 * priority after a drag (ties keep list order in the engine).
 */
import type { ConditionNode } from '../../../shared/engine/catalogue';
import type { Catalogue } from './api';

/** A condition's or action's params schema, as the catalogue sends it. */
export type JsonSchema = Catalogue['conditions'][number]['params'];

export type Leaf = { type: string } & Record<string, unknown>;
export interface FlatItem { neg: boolean; leaf: Leaf }
export interface FlatWhen { mode: 'all' | 'any'; items: FlatItem[] }

const isLeaf = (n: ConditionNode): n is Leaf => typeof (n as Leaf).type === 'string';

function flatItem(n: ConditionNode): FlatItem | null {
  if (isLeaf(n)) return { neg: false, leaf: n };
  const not = (n as { not?: ConditionNode }).not;
  if (not && isLeaf(not)) return { neg: true, leaf: not };
  return null;
}

/** The flat view, or null when the tree is nested deeper than the form shows. */
export function flatten(when: ConditionNode): FlatWhen | null {
  const single = flatItem(when);
  if (single) return { mode: 'all', items: [single] };
  const g = when as { all?: ConditionNode[]; any?: ConditionNode[] };
  const list = isLeaf(when) ? null : g.all ?? g.any ?? null;
  if (!list) return null;
  const items = list.map(flatItem);
  if (items.some((i) => i === null)) return null;
  return { mode: g.all ? 'all' : 'any', items: items as FlatItem[] };
}

export function unflatten(f: FlatWhen): ConditionNode {
  const nodes = f.items.map((i) => (i.neg ? { not: i.leaf } : i.leaf));
  return f.mode === 'all' ? { all: nodes } : { any: nodes.length ? nodes : [{ all: [] }] };
}

/** Enumerated values of a schema (enum, const, or anyOf of those). */
export function enumOf(s: JsonSchema | undefined): unknown[] | null {
  if (!s) return null;
  if (s.enum) return s.enum;
  if (s.const !== undefined) return [s.const];
  if (s.anyOf) {
    const all = s.anyOf.map(enumOf);
    return all.every(Boolean) ? all.flat() as unknown[] : null;
  }
  return null;
}

export function schemaType(s: JsonSchema): string {
  const t = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  return t ?? (enumOf(s) ? 'string' : 'string');
}

export function defaultParams(schema: JsonSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const req = new Set(schema.required ?? []);
  for (const [k, s] of Object.entries(schema.properties ?? {})) {
    if (k === 'type') continue;
    if (s.default !== undefined) { out[k] = s.default; continue; }
    if (!req.has(k)) continue;
    const t = schemaType(s), e = enumOf(s);
    out[k] = t === 'array' ? [] : e ? e[0] : t === 'number' || t === 'integer' ? (s.minimum ?? 0) : t === 'boolean' ? false : '';
  }
  return out;
}

/** Drops optional params left empty ('' / [] / NaN) so validation sees them as absent. */
export function cleanParams<T extends Record<string, unknown>>(v: T, schema: JsonSchema | undefined): T {
  const req = new Set(schema?.required ?? []);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const empty = x === '' || x === undefined || x === null || (Array.isArray(x) && x.length === 0) || (typeof x === 'number' && Number.isNaN(x));
    if (empty && !req.has(k)) continue;
    out[k] = x;
  }
  return out as T;
}

/** Priority for a rule dropped at `index` of a list sorted by priority (highest first). */
export function priorityAt(sortedPriorities: number[], index: number): number {
  if (index <= 0) return (sortedPriorities[0] ?? 0) + 10;
  return sortedPriorities[index - 1] ?? 0;
}
