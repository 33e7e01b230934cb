/**
 * @module Bookable slots from the service calendar: fixed-length slots inside each day's open intervals
 * (so never on holidays, weekends or at lunch), starting in the future, for the next N days, with how many
 * places are left. Pure apart from the one count query (awaited: both engines).
 */
import { and, eq, gte, isNotNull, lt, sql } from 'drizzle-orm';
import type { Queries } from '../ports/queries';
import { addDays, isoWeekday, localParts, openIntervalsOn, type CalendarConfig } from '../../../shared/calendar/index';

export interface Slot { start: number; end: number; localDate: string; label: string; left: number }

const WEEK = ['一', '二', '三', '四', '五', '六', '日'];

function hm(ms: number, tz: string): string {
  const p = localParts(ms, tz);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/** "12月1日（周二）10:00–10:30" in the calendar's zone. */
export function slotLabel(start: number, end: number, tz: string): string {
  const p = localParts(start, tz);
  return `${p.month}月${p.day}日（周${WEEK[isoWeekday(p.date) - 1] ?? ''}）${hm(start, tz)}–${hm(end, tz)}`;
}

/** The slot grid (without occupancy). */
export function slotGrid(cal: CalendarConfig, now: number, o: { slotMinutes: number; days: number }): Omit<Slot, 'left'>[] {
  const len = o.slotMinutes * 60_000;
  const today = localParts(now, cal.timeZone).date;
  const out: Omit<Slot, 'left'>[] = [];
  for (let i = 0; i < o.days; i++) {
    const date = addDays(today, i);
    for (const iv of openIntervalsOn(cal, date)) {
      for (let s = iv.start.getTime(); s + len <= iv.end.getTime(); s += len) {
        if (s <= now) continue;
        out.push({ start: s, end: s + len, localDate: date, label: slotLabel(s, s + len, cal.timeZone) });
      }
    }
  }
  return out;
}

/** Active appointments per slot start in [from, to). */
export async function occupancy(q: Queries, from: number, to: number): Promise<Map<number, number>> {
  const a = q.t.appointments;
  const rows = await q.db.select({ start: a.slotStart, n: sql<number>`count(*)`.mapWith(Number) }).from(a)
    .where(and(isNotNull(a.place), gte(a.slotStart, from), lt(a.slotStart, to)))
    .groupBy(a.slotStart);
  return new Map(rows.map((r) => [r.start, r.n]));
}

export async function availableSlots(q: Queries, cal: CalendarConfig, now: number, o: { slotMinutes: number; days: number; capacity: number }): Promise<Slot[]> {
  const grid = slotGrid(cal, now, o);
  if (grid.length === 0) return [];
  const used = await occupancy(q, grid[0]!.start, grid[grid.length - 1]!.end);
  return grid.map((s) => ({ ...s, left: Math.max(0, o.capacity - (used.get(s.start) ?? 0)) }));
}

/** Places taken in one slot (inside the booking transaction). */
export async function takenPlaces(q: Queries, slotStart: number): Promise<number[]> {
  const a = q.t.appointments;
  const rows = await q.db.select({ place: a.place }).from(a).where(and(eq(a.slotStart, slotStart), isNotNull(a.place)));
  return rows.map((r) => r.place!);
}
