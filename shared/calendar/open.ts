/**
 * @module Open-time arithmetic for timers that respect the business calendar: the intervals of a
 * date, adding open time to an instant, and the open time between two instants.
 */
import { dayInfo } from './days';
import type { CalendarConfig } from './schema';
import { spansForward } from './timeline';
import { daysBetween, localParts } from './zone';

/** The opening intervals that start on a local date (`YYYY-MM-DD`), as instants. */
export function openIntervalsOn(config: CalendarConfig, localDate: string): { start: Date; end: Date }[] {
  return dayInfo(config, localDate).spans.map((s) => ({ start: new Date(s.start), end: new Date(s.end) }));
}

/**
 * The earliest instant `t ≥ instant` such that `openTimeBetween(instant, t) === ms`: only open
 * hours count (lunch, nights, weekends and holidays are skipped). Null if the calendar does not
 * offer that much open time within ~400 days.
 */
export function addOpenTime(config: CalendarConfig, instant: Date, ms: number): Date | null {
  const from = instant.getTime();
  if (ms <= 0) return new Date(from);
  let left = ms;
  for (const span of spansForward(config, from)) {
    if (span.end <= from) continue;
    const start = Math.max(span.start, from);
    const available = span.end - start;
    if (left <= available) return new Date(start + left);
    left -= available;
  }
  return null;
}

/** Open time (milliseconds) between two instants; 0 when `b` is not after `a`. */
export function openTimeBetween(config: CalendarConfig, a: Date, b: Date): number {
  const from = a.getTime(), to = b.getTime();
  if (to <= from) return 0;
  const days = daysBetween(localParts(from, config.timeZone).date, localParts(to, config.timeZone).date);
  let total = 0;
  for (const span of spansForward(config, from, Math.max(days, 0) + 1)) {
    if (span.start >= to) break;
    const overlap = Math.min(span.end, to) - Math.max(span.start, from);
    if (overlap > 0) total += overlap;
  }
  return total;
}

