/**
 * @module The one CSV writer of every export (admin tables with `?format=csv`, appointments): RFC 4180, UTF-8
 * with a BOM (so Excel reads Chinese), and a guard against formula injection — a text cell starting with
 * `= + - @`, a tab or a carriage return is prefixed with `'`, so a spreadsheet shows it instead of running it.
 */
import type { Context } from 'hono';

const FORMULA_START = /^[=+\-@\t\r]/;

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (typeof v !== 'number' && typeof v !== 'bigint' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** CSV with a header row; the column order is `columns` (or the keys of the first row). */
export function toCsv<R extends object>(rows: readonly R[], columns?: readonly string[]): string {
  const cols = columns ?? Object.keys(rows[0] ?? {});
  return [cols.join(','), ...rows.map((r) => cols.map((k) => cell((r as Record<string, unknown>)[k])).join(','))].join('\r\n') + '\r\n';
}

export const wantsCsv = (c: Context): boolean => c.req.query('format') === 'csv';

/** `<name>.csv` as a download (BOM + `toCsv`). */
export function csvResponse<R extends object>(c: Context, name: string, rows: readonly R[], columns?: readonly string[]) {
  c.header('content-type', 'text/csv; charset=utf-8');
  c.header('content-disposition', `attachment; filename="${name}.csv"`);
  return c.body('\uFEFF' + toCsv(rows, columns));
}

/** JSON `{ [key]: rows, ...extra }` (typed, for the web's client) or, with `?format=csv`, `<name>.csv`. */
export function tableResponse<R extends object, K extends string, E extends object = Record<never, never>>(
  c: Context, name: string, key: K, rows: readonly R[], extra: E = {} as E, columns?: string[],
) {
  if (!wantsCsv(c)) return c.json({ [key]: rows, ...extra } as { [P in K]: R[] } & E);
  return csvResponse(c, name, rows, columns);
}
