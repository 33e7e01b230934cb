/**
 * @module An audit row's before/after (JSON snapshots) as lines a person reads: a status change as 在线 → 月球模式,
 * a rules publish as 版本 3 → 版本 4, an object edit as the fields that changed (`名称：A → B`), people by name,
 * long values shortened. Pure: the caller passes the words (labels, names, version numbers).
 */
export interface ChangeWords {
  status: (s: string) => string;
  person: (userid: string) => string;
  version: (v: string) => string;
  /** A field's name (名称 for `name`); an unknown key is shown as is. */
  field: (key: string) => string;
  yes: string; no: string;
}

const parse = (s: string | null): unknown => {
  if (s === null) return undefined;
  try { return JSON.parse(s) as unknown; } catch { return s; }
};
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const short = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n)}…` : s);
/** Keys never worth showing (bookkeeping, or too big to read in a cell). */
const SKIP = new Set(['id', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy', 'position', 'version']);

function value(key: string, v: unknown, w: ChangeWords): string {
  if (v === undefined || v === null || v === '') return '—';
  if (typeof v === 'boolean') return v ? w.yes : w.no;
  if (typeof v === 'string') return /userid$/i.test(key) ? w.person(v) : short(v);
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return short(v.map((x) => (typeof x === 'object' ? '…' : String(x))).join('、'));
  return '…';
}

/** Lines for one row, e.g. ['名称：午休 → 午休（新）', '优先级：500 → 520']. */
export function changeLines(action: string, beforeJson: string | null, afterJson: string | null, w: ChangeWords): string[] {
  const before = parse(beforeJson), after = parse(afterJson);
  if (action === 'agent.status') return [`${w.status(String(before))} → ${w.status(String(after))}`];
  if (action === 'rules.publish' || action === 'rules.rollback') {
    return [`${typeof before === 'string' ? w.version(before) : '—'} → ${typeof after === 'string' ? w.version(after) : '—'}`];
  }
  if (action === 'rules.draft') return [];
  if (isObj(before) && isObj(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !SKIP.has(k));
    return keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
      .map((k) => `${w.field(k)}：${value(k, before[k], w)} → ${value(k, after[k], w)}`);
  }
  const one = (v: unknown, sign: string) => {
    if (v === undefined) return [];
    if (isObj(v)) {
      const name = v.name ?? v.title ?? v.question ?? v.text;
      return [`${sign} ${typeof name === 'string' ? short(name) : Object.keys(v).filter((k) => !SKIP.has(k)).slice(0, 4).map((k) => `${w.field(k)}：${value(k, v[k], w)}`).join('；')}`];
    }
    return [`${sign} ${value('', v, w)}`];
  };
  return [...one(before, '−'), ...one(after, '+')];
}
