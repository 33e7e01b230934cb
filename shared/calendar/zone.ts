/**
 * @module Time-zone maths on IANA zones with `Intl.DateTimeFormat` (cached per zone) and plain
 * `YYYY-MM-DD` local-date arithmetic. Local dates are never derived from UTC days.
 */

/** Local wall-clock reading of an instant in a zone. */
export interface LocalParts {
  date: string; // YYYY-MM-DD
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when the runtime knows the IANA zone name. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

export function toDateString(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** Wall-clock parts of `ms` in `timeZone` as `Intl` gives them (the slow way: the hour's offset is cached below). */
function intlParts(ms: number, timeZone: string): LocalParts {
  const p = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(ms)) {
    if (part.type in p) p[part.type as keyof typeof p] = Number(part.value);
  }
  return { ...p, date: toDateString(p.year, p.month, p.day) };
}

const HOUR_MS = 3_600_000;
/**
 * The zone's offset per UTC hour, asked of `Intl` once: an hour whose first and last second have one offset has it
 * throughout (zones change offset at most a few times a year, never twice within an hour); `null` marks an hour
 * that holds a change, whose instants are asked of `Intl` one by one.
 */
const hourOffsets = new Map<string, Map<number, number | null>>();
const MAX_HOURS_PER_ZONE = 50_000;

function hourOffset(hour: number, timeZone: string): number | null {
  let zone = hourOffsets.get(timeZone);
  if (!zone) { zone = new Map(); hourOffsets.set(timeZone, zone); }
  let off = zone.get(hour);
  if (off === undefined) {
    const at = (ms: number) => { const p = intlParts(ms, timeZone); return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - ms; };
    const start = at(hour * HOUR_MS);
    off = start === at(hour * HOUR_MS + HOUR_MS - 1000) ? start : null;
    if (zone.size >= MAX_HOURS_PER_ZONE) zone.clear();
    zone.set(hour, off);
  }
  return off;
}

/** Wall-clock parts of `ms` (epoch milliseconds) in `timeZone`. */
let last: { ms: number; timeZone: string; parts: LocalParts } | undefined;

export function localParts(ms: number, timeZone: string): LocalParts {
  if (last && last.ms === ms && last.timeZone === timeZone) return last.parts;
  const off = hourOffset(Math.floor(ms / HOUR_MS), timeZone);
  let parts: LocalParts;
  if (off === null) parts = intlParts(ms, timeZone);
  else {
    const d = new Date(Math.floor(ms / 1000) * 1000 + off);
    const year = d.getUTCFullYear(), month = d.getUTCMonth() + 1, day = d.getUTCDate();
    parts = { year, month, day, hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), date: toDateString(year, month, day) };
  }
  last = { ms, timeZone, parts };
  return parts;
}

/** Offset of the zone from UTC at instant `ms`, in milliseconds (east positive). */
function offsetAt(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** Parse `YYYY-MM-DD` into numbers; undefined when malformed or not a real date. */
export function parseDate(date: string): { year: number; month: number; day: number } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  const year = Number(m[1]), month = Number(m[2]), day = Number(m[3]);
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return undefined;
  return { year, month, day };
}

function dateToUtcMidnight(date: string): number {
  const p = parseDate(date);
  if (!p) throw new RangeError(`invalid local date "${date}" (expected YYYY-MM-DD)`);
  return Date.UTC(p.year, p.month - 1, p.day);
}

/** Calendar arithmetic on local dates (no zone involved). */
export function addDays(date: string, days: number): string {
  const d = new Date(dateToUtcMidnight(date) + days * 86_400_000);
  return toDateString(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** ISO weekday of a local date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const w = new Date(dateToUtcMidnight(date)).getUTCDay();
  return w === 0 ? 7 : w;
}

/** Whole days from `a` to `b` (local dates). */
export function daysBetween(a: string, b: string): number {
  return Math.round((dateToUtcMidnight(b) - dateToUtcMidnight(a)) / 86_400_000);
}

/**
 * The instant at which the wall clock in `timeZone` reads `date` + `minutes` (minutes may exceed
 * 1440 for spans past midnight). A reading inside a DST gap is pushed forward by the gap; in a
 * repeated hour one of the two readings is returned.
 */
export function zonedInstant(date: string, minutes: number, timeZone: string): number {
  const local = dateToUtcMidnight(date) + minutes * 60_000;
  const first = offsetAt(local, timeZone);
  let guess = local - first;
  const second = offsetAt(guess, timeZone);
  if (second !== first) {
    const alt = local - second;
    guess = offsetAt(alt, timeZone) === second ? alt : Math.max(alt, guess);
  }
  return guess;
}

/** ISO-8601 with the zone's offset, e.g. `2026-10-08T09:00:00+08:00` (what people read in logs and CLIs). */
export function toZonedIso(ms: number, timeZone: string): string {
  const p = localParts(ms, timeZone);
  const off = Math.round(offsetAt(ms, timeZone) / 60_000);
  const pad = (n: number) => String(Math.abs(n)).padStart(2, '0');
  return `${p.date}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${off >= 0 ? '+' : '-'}${pad(Math.trunc(off / 60))}:${pad(off % 60)}`;
}
