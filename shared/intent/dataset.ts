/**
 * @module Parsing labelled question sets for batch evaluation: CSV (header with text, intent and optional
 * emotion, conversation, at, kind; RFC 4180 quoting) or JSONL (`{"text","intent","emotion"?,"conversation"?,
 * "at"?,"kind"?}` per line). Lines sharing a `conversation` are one customer's messages, in file order, sent at
 * their `at` instants (ISO-8601 with an offset). Pure: takes the content.
 */
import type { IntentId } from '../domain/vocabulary';

export interface LabelledRow {
  readonly text: string;
  readonly intent: IntentId;
  readonly emotion?: number;
  /** Lines with the same value are one customer's conversation. */
  readonly conversation?: string;
  /** When the customer sent it (ISO-8601 with an offset). */
  readonly at?: string;
  /** Kind of message (e.g. `typo`, `sarcasm`), for per-kind accuracy. */
  readonly kind?: string;
  /** 1-based line (JSONL) or record (CSV, header = 1) number in the source. */
  readonly line: number;
}

/** Optional columns besides text, intent and emotion. */
export interface RowExtras { readonly conversation?: unknown; readonly at?: unknown; readonly kind?: unknown }

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/** True for an ISO-8601 instant that carries its offset (so it means one moment). */
export function isInstant(v: string): boolean {
  return ISO_WITH_OFFSET.test(v) && !Number.isNaN(Date.parse(v));
}

const present = (v: unknown): v is string | number => (typeof v === 'string' && v.trim() !== '') || typeof v === 'number';

export interface ParseProblem { readonly line: number; readonly error: string }

export interface ParsedSet { readonly rows: LabelledRow[]; readonly problems: ParseProblem[] }

/** Splits CSV content into records of fields (quoted fields may hold commas, quotes and newlines). */
export function parseCsv(content: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  const src = content.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i] as string;
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') { record.push(field); field = ''; } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || record.length > 0) { record.push(field); records.push(record); }
  return records.filter((r) => !(r.length === 1 && r[0]?.trim() === ''));
}

function toRow(text: unknown, intent: unknown, emotion: unknown, line: number, extras: RowExtras = {}): LabelledRow | ParseProblem {
  if (typeof text !== 'string') return { line, error: 'missing text' };
  if (text.trim() === '') return { line, error: 'empty text' };
  if (typeof intent !== 'string' || intent.trim() === '') return { line, error: 'missing intent' };
  const at = present(extras.at) ? String(extras.at).trim() : undefined;
  if (at !== undefined && !isInstant(at)) return { line, error: 'at must be an ISO-8601 instant with an offset (e.g. 2026-11-26T20:59:00+08:00)' };
  const optional = {
    ...(present(extras.conversation) ? { conversation: String(extras.conversation).trim() } : {}),
    ...(at === undefined ? {} : { at }),
    ...(present(extras.kind) ? { kind: String(extras.kind).trim() } : {}),
  };
  if (emotion === undefined || emotion === null || emotion === '') return { text, intent: intent.trim(), line, ...optional };
  const e = typeof emotion === 'number' ? emotion : Number(emotion);
  if (!Number.isFinite(e) || e < 0 || e > 1) return { line, error: 'emotion must be a number in [0,1]' };
  return { text, intent: intent.trim(), emotion: e, line, ...optional };
}

function collect(results: (LabelledRow | ParseProblem)[]): ParsedSet {
  const rows: LabelledRow[] = [];
  const problems: ParseProblem[] = [];
  for (const r of results) if ('error' in r) problems.push(r); else rows.push(r);
  return { rows, problems };
}

export function parseLabelledCsv(content: string): ParsedSet {
  const [header, ...records] = parseCsv(content);
  const cols = (header ?? []).map((h) => h.trim().toLowerCase());
  const ti = cols.indexOf('text');
  const ii = cols.indexOf('intent');
  const ei = cols.indexOf('emotion');
  if (ti < 0 || ii < 0) return { rows: [], problems: [{ line: 1, error: 'CSV header must have text and intent columns' }] };
  const col = (r: string[], name: string): string | undefined => { const at = cols.indexOf(name); return at >= 0 ? r[at] : undefined; };
  return collect(records.map((r, i) => toRow(r[ti], r[ii], ei >= 0 ? r[ei] : undefined, i + 2,
    { conversation: col(r, 'conversation'), at: col(r, 'at'), kind: col(r, 'kind') })));
}

export function parseLabelledJsonl(content: string): ParsedSet {
  const results: (LabelledRow | ParseProblem)[] = [];
  content.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    try {
      const v: unknown = JSON.parse(raw);
      if (typeof v !== 'object' || v === null || Array.isArray(v)) { results.push({ line: i + 1, error: 'not a JSON object' }); return; }
      const o = v as Record<string, unknown>;
      results.push(toRow(o['text'], o['intent'], o['emotion'], i + 1, { conversation: o['conversation'], at: o['at'], kind: o['kind'] }));
    } catch {
      results.push({ line: i + 1, error: 'invalid JSON' });
    }
  });
  return collect(results);
}

/** Picks the parser from the file name (.csv, else JSONL). */
export function parseLabelledSet(content: string, fileName: string): ParsedSet {
  return /\.csv$/i.test(fileName) ? parseLabelledCsv(content) : parseLabelledJsonl(content);
}
