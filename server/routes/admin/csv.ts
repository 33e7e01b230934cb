/** @module CSV answers for admin table endpoints: `?format=csv` turns the same rows into a download. */
import type { Context } from 'hono';

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** RFC 4180 CSV with a header row; the column order is the keys of `columns` (or of the first row). */
export function toCsv<R extends object>(rows: readonly R[], columns?: string[]): string {
  const cols = columns ?? Object.keys(rows[0] ?? {});
  return [cols.join(','), ...rows.map((r) => cols.map((k) => cell((r as Record<string, unknown>)[k])).join(','))].join('\r\n') + '\r\n';
}

export const wantsCsv = (c: Context): boolean => c.req.query('format') === 'csv';

/**
 * JSON `{ [key]: rows, ...extra }` (typed, for the web's client) or, with `?format=csv`, `<name>.csv` (UTF-8 with
 * BOM so Excel reads Chinese).
 */
export function tableResponse<R extends object, K extends string, E extends object = Record<never, never>>(
  c: Context, name: string, key: K, rows: readonly R[], extra: E = {} as E, columns?: string[],
) {
  if (!wantsCsv(c)) return c.json({ [key]: rows, ...extra } as { [P in K]: R[] } & E);
  c.header('content-type', 'text/csv; charset=utf-8');
  c.header('content-disposition', `attachment; filename="${name}.csv"`);
  return c.body('\uFEFF' + toCsv(rows, columns));
}
