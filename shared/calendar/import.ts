/**
 * @module Pure parsers for a year's schedule when `chinese-days` does not know the year yet:
 * CSV (`date,kind,name`) and ICS (all-day VEVENTs marked 休/班) → `imported` entries, with
 * line-numbered errors. String in, result out; nothing is read or written.
 */
import type { ImportedDay } from './schema';
import { addDays, daysBetween, parseDate, toDateString } from './zone';

export interface ImportError { line: number; message: string }
export interface ImportResult { ok: boolean; days: ImportedDay[]; errors: ImportError[] }

const KIND_WORDS: Record<string, ImportedDay['kind']> = {
  holiday: 'holiday', 休: 'holiday', off: 'holiday', workday: 'workday', 班: 'workday', work: 'workday',
};

/** `YYYY-MM-DD`, `YYYY/M/D` or `YYYYMMDD` (optionally followed by `T…`) → `YYYY-MM-DD`. */
function normaliseDate(raw: string): string | undefined {
  const v = raw.trim();
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v) ?? /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(v)
    ?? /^(\d{4})(\d{2})(\d{2})(T\d{6}Z?)?$/.exec(v);
  if (!m) return undefined;
  const date = toDateString(Number(m[1]), Number(m[2]), Number(m[3]));
  return parseDate(date) ? date : undefined;
}

function finish(days: ImportedDay[], errors: ImportError[], dayLines: number[]): ImportResult {
  const seen = new Map<string, number>();
  days.forEach((d, i) => {
    const line = dayLines[i] ?? 0;
    const first = seen.get(d.date);
    if (first !== undefined) errors.push({ line, message: `duplicate date ${d.date} (first on line ${first})` });
    else seen.set(d.date, line);
  });
  errors.sort((a, b) => a.line - b.line);
  return { ok: errors.length === 0, days: errors.length === 0 ? days : [], errors };
}

/** Split one CSV line, honouring double quotes (`""` inside quotes is a quote). */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '', quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { out.push(cur.trim()); cur = ''; }
    else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

/** CSV with a header `date,kind,name` (any column order, `name` optional); kinds holiday/workday/休/班. */
export function parseScheduleCsv(text: string): ImportResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const errors: ImportError[] = [];
  const days: ImportedDay[] = [];
  const dayLines: number[] = [];
  const headerIndex = lines.findIndex((l) => l.trim() !== '');
  if (headerIndex < 0) return { ok: false, days: [], errors: [{ line: 1, message: 'empty file: expected a header date,kind,name' }] };
  const header = splitCsvLine(lines[headerIndex] ?? '').map((h) => h.toLowerCase());
  const col = { date: header.indexOf('date'), kind: header.indexOf('kind'), name: header.indexOf('name') };
  if (col.date < 0 || col.kind < 0) {
    return { ok: false, days: [], errors: [{ line: headerIndex + 1, message: `header must name the columns date and kind (got "${lines[headerIndex]?.trim()}")` }] };
  }
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    if (raw.trim() === '' || raw.trim().startsWith('#')) continue;
    const line = i + 1;
    const cells = splitCsvLine(raw);
    const date = normaliseDate(cells[col.date] ?? '');
    const kindRaw = (cells[col.kind] ?? '').trim();
    const kind = KIND_WORDS[kindRaw.toLowerCase()];
    if (!date) errors.push({ line, message: `bad date "${cells[col.date] ?? ''}" (expected YYYY-MM-DD)` });
    if (!kind) errors.push({ line, message: `bad kind "${kindRaw}" (expected holiday, workday, 休 or 班)` });
    if (!date || !kind) continue;
    const name = col.name >= 0 ? cells[col.name] : undefined;
    days.push(name ? { date, kind, name } : { date, kind });
    dayLines.push(line);
  }
  return finish(days, errors, dayLines);
}

/** Unfold ICS content lines (RFC 5545 §3.1), remembering where each logical line started. */
function unfold(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, i) => {
    const last = out[out.length - 1];
    if ((raw.startsWith(' ') || raw.startsWith('\t')) && last) last.text += raw.slice(1);
    else if (raw !== '') out.push({ line: i + 1, text: raw });
  });
  return out;
}

function kindFromText(summary: string, categories: string[]): ImportedDay['kind'] | undefined {
  for (const c of categories) {
    const k = KIND_WORDS[c.trim().toLowerCase()];
    if (k) return k;
  }
  const off = summary.includes('休'), work = summary.includes('班');
  if (off !== work) return off ? 'holiday' : 'workday';
  return undefined;
}

const unescapeText = (v: string): string => v.replace(/\\([,;\\])/g, '$1').replace(/\\n/gi, ' ');

/** ICS: all-day VEVENTs (DTSTART;VALUE=DATE, exclusive DTEND) whose SUMMARY holds 休/班 or CATEGORIES a kind. */
export function parseScheduleIcs(text: string): ImportResult {
  const errors: ImportError[] = [];
  const days: ImportedDay[] = [];
  const dayLines: number[] = [];
  let event: { line: number; props: Map<string, { line: number; value: string }> } | undefined;
  for (const { line, text: l } of unfold(text)) {
    if (l === 'BEGIN:VEVENT') { event = { line, props: new Map() }; continue; }
    if (l === 'END:VEVENT' && event) {
      const ev = event;
      event = undefined;
      const startProp = ev.props.get('DTSTART');
      const start = startProp && normaliseDate(startProp.value);
      if (!start) { errors.push({ line: startProp?.line ?? ev.line, message: `event without a valid DTSTART date (got "${startProp?.value ?? ''}")` }); continue; }
      const endProp = ev.props.get('DTEND');
      const end = endProp ? normaliseDate(endProp.value) : addDays(start, 1);
      if (!end || end <= start) { errors.push({ line: endProp?.line ?? ev.line, message: `DTEND "${endProp?.value ?? ''}" must be a date after DTSTART ${start}` }); continue; }
      const length = daysBetween(start, end);
      if (length > 366) { errors.push({ line: ev.line, message: `event spans ${length} days (at most 366)` }); continue; }
      const summary = unescapeText(ev.props.get('SUMMARY')?.value ?? '');
      const categories = (ev.props.get('CATEGORIES')?.value ?? '').split(',');
      const kind = kindFromText(summary, categories);
      if (!kind) { errors.push({ line: ev.props.get('SUMMARY')?.line ?? ev.line, message: `cannot tell holiday from workday in "${summary}" (use 休 or 班, or CATEGORIES holiday/workday)` }); continue; }
      const name = summary.replace(/[（(][休班][)）]/g, '').trim();
      for (let d = start; d < end; d = addDays(d, 1)) {
        days.push(name ? { date: d, kind, name } : { date: d, kind });
        dayLines.push(ev.line);
      }
      continue;
    }
    if (!event) continue;
    const m = /^([A-Za-z-]+)((?:;[^:]*)?):(.*)$/.exec(l);
    if (m?.[1] && !event.props.has(m[1].toUpperCase())) event.props.set(m[1].toUpperCase(), { line, value: m[3] ?? '' });
  }
  if (event) errors.push({ line: event.line, message: 'VEVENT is not closed by END:VEVENT' });
  return finish(days, errors, dayLines);
}
