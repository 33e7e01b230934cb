/**
 * @module Local hours in the org zone: the start of an instant's hour, the hours of a range, and counting
 * message instants (or pre-bucketed counts) into a day × hour grid. All zone maths go through shared/calendar.
 */
import { addDays, localParts, zonedInstant } from '../calendar/index';

export const HOUR_MS = 3_600_000;
const QUARTER_MS = 900_000;

/**
 * The zone's UTC offset (minutes) at an instant. Zone rules change the offset at most once in a UTC day, so a
 * day whose start and end agree has one offset for all of it (two `Intl` reads per day); a day with a change
 * is resolved per quarter hour (every zone change falls on a quarter-hour boundary). Forecasting, backtests
 * and bucketing a long history then cost a few hundred zone reads, not one per hour or message.
 */
const DAY_MS = 86_400_000;
const dayOffsets = new Map<string, number | null>();
const quarterOffsets = new Map<string, number>();

function readOffset(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  return Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000) / 60_000);
}

function offsetMinutes(ms: number, timeZone: string): number {
  const day = Math.floor(ms / DAY_MS), dayKey = `${timeZone}|${day}`;
  let whole = dayOffsets.get(dayKey);
  if (whole === undefined) {
    const start = readOffset(day * DAY_MS, timeZone), end = readOffset((day + 1) * DAY_MS - 1000, timeZone);
    whole = start === end ? start : null;
    if (dayOffsets.size >= 100_000) dayOffsets.clear();
    dayOffsets.set(dayKey, whole);
  }
  if (whole !== null) return whole;
  const key = `${timeZone}|${Math.floor(ms / QUARTER_MS)}`;
  let off = quarterOffsets.get(key);
  if (off === undefined) {
    off = readOffset(Math.floor(ms / QUARTER_MS) * QUARTER_MS, timeZone);
    if (quarterOffsets.size >= 100_000) quarterOffsets.clear();
    quarterOffsets.set(key, off);
  }
  return off;
}

/** Local date, hour and minute of an instant in a zone (cached zone offsets; same answer as `localParts`). */
export function localHour(ms: number, timeZone: string): { date: string; hour: number; minute: number; offset: number } {
  const offset = offsetMinutes(ms, timeZone);
  const d = new Date(ms + offset * 60_000);
  const date = `${String(d.getUTCFullYear()).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
  return { date, hour: d.getUTCHours(), minute: d.getUTCMinutes(), offset };
}

/** ISO-8601 with the zone's offset, e.g. `2026-10-08T09:00:00+08:00` (whole seconds). */
export function isoInZone(ms: number, timeZone: string): string {
  const offset = offsetMinutes(ms, timeZone);
  const local = new Date(Math.floor(ms / 1000) * 1000 + offset * 60_000).toISOString().slice(0, 19);
  const a = Math.abs(offset);
  return `${local}${offset >= 0 ? '+' : '-'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** The instant the local hour containing `ms` began (whole-hour and 30/45-minute offsets alike). */
export function hourStart(ms: number, timeZone: string): number {
  const p = localHour(ms, timeZone);
  return ms - (p.minute * 60_000 + (((ms % 60_000) + 60_000) % 60_000));
}

/** The hour starts of [from rounded down to its hour, from + `days` local days). */
export function hoursOfRange(from: number, days: number, timeZone: string): number[] {
  const start = hourStart(from, timeZone);
  const p = localHour(start, timeZone);
  const end = zonedInstant(addDays(p.date, days), p.hour * 60, timeZone);
  const out: number[] = [];
  for (let t = start; t < end; t += HOUR_MS) out.push(t);
  return out;
}

/** Message counts by local date and hour (a 25-hour DST day adds its repeated hour to the same slot). */
export class HourGrid {
  readonly days = new Map<string, Float64Array>();
  total = 0;
  constructor(readonly timeZone: string) {}

  /** Adds `count` messages at instant `ms`. */
  add(ms: number, count = 1): void {
    const p = localHour(ms, this.timeZone);
    let row = this.days.get(p.date);
    if (!row) { row = new Float64Array(24); this.days.set(p.date, row); }
    row[p.hour]! += count;
    this.total += count;
  }

  /** Adds counts that are already bucketed by hour start (epoch ms) — one zone lookup per bucket. */
  addBuckets(buckets: Iterable<{ at: number; count: number }>): void {
    for (const b of buckets) if (b.count > 0) this.add(b.at, b.count);
  }

  get(date: string, hour: number): number {
    return this.days.get(date)?.[hour] ?? 0;
  }

  /** First and last local dates holding any message. */
  extent(): { first: string; last: string } | undefined {
    let first: string | undefined, last: string | undefined;
    for (const [date, row] of this.days) {
      if (!row.some((x) => x > 0)) continue;
      if (first === undefined || date < first) first = date;
      if (last === undefined || date > last) last = date;
    }
    return first && last ? { first, last } : undefined;
  }
}

/**
 * Counts instants into quarter-hour buckets (every zone offset is a multiple of 15 minutes), so a large
 * history needs one zone lookup per bucket, not per message.
 */
export function gridFromInstants(instants: Iterable<number>, timeZone: string): HourGrid {
  const quarters = new Map<number, number>();
  for (const ms of instants) {
    const q = Math.floor(ms / 900_000);
    quarters.set(q, (quarters.get(q) ?? 0) + 1);
  }
  const grid = new HourGrid(timeZone);
  for (const [q, count] of quarters) grid.add(q * 900_000, count);
  return grid;
}
