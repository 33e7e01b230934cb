/**
 * @module `windowAt` and `nextOpenAt`: the calendar window at an instant, the stretch it belongs
 * to and a stable occurrence key for "one off-hours notice per window occurrence".
 *
 * Join rule: every moment between a closing and the next opening is one off-hours *stretch*
 * (`span`), whatever the labels inside it — Friday 21:00 → Monday 09:00 is one stretch labelled
 * `night` (Fri evening), `weekend` (Sat, Sun) and `night` again (Mon 00:00–09:00); 国庆 2026 is one
 * stretch from 2026-09-30 21:00 to 2026-10-08 09:00. The label (`window`) follows the local day of
 * the instant; the key follows the stretch: `off:<closing ISO>` (or `lunch:<closing ISO>` for a gap
 * between two intervals of one day), `open:<opening ISO>` inside an interval.
 */
import type { CalendarWindow } from '../domain/vocabulary';
import { dayInfo, type DayInfo, type DayKind } from './days';
import type { CalendarConfig } from './schema';
import { nextOpenStart, openSpanAt, prevCloseEnd, SEARCH_LIMIT_DAYS } from './timeline';
import { addDays, localParts, zonedInstant } from './zone';

export interface WindowAt {
  window: CalendarWindow;
  /** Local date of the instant in the calendar's zone (`YYYY-MM-DD`). */
  localDate: string;
  /** ISO weekday of `localDate`: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Wall-clock minutes since local midnight. */
  minuteOfDay: number;
  dayKind: DayKind;
  holidayName?: string;
  /** The open interval, or the whole off-hours stretch (closing → next opening; null = none found). */
  span: { start: Date; end: Date | null };
  /** Same for every instant of one stretch, different between stretches. */
  occurrenceKey: string;
  /** The instant itself when open, else the next opening (null if none within ~400 days). */
  nextOpen: Date | null;
}

/** Off-hours label of a local minute on a day that is not open at that minute. */
function offHoursLabel(info: DayInfo, minuteOfDay: number): Exclude<CalendarWindow, 'open'> {
  if (info.closed) return 'holiday';
  const first = info.minutes[0];
  if (!first) return 'weekend';
  const lastEnd = Math.max(...info.minutes.map((m) => m.end));
  return minuteOfDay > first.start && minuteOfDay < lastEnd ? 'lunch' : 'night';
}

/** The calendar window at `instant` (see the module comment for how stretches join). */
export function windowAt(config: CalendarConfig, instant: Date): WindowAt {
  const ms = instant.getTime();
  const local = localParts(ms, config.timeZone);
  const info = dayInfo(config, local.date);
  const minuteOfDay = local.hour * 60 + local.minute;
  const base = {
    localDate: local.date, weekday: info.weekday, minuteOfDay, dayKind: info.dayKind,
    ...(info.holidayName ? { holidayName: info.holidayName } : {}),
  };
  const open = openSpanAt(config, ms);
  if (open) {
    return {
      ...base, window: 'open', span: { start: new Date(open.start), end: new Date(open.end) },
      occurrenceKey: `open:${new Date(open.start).toISOString()}`, nextOpen: new Date(ms),
    };
  }
  const window = offHoursLabel(info, minuteOfDay);
  const closedAt = prevCloseEnd(config, ms);
  const opensAt = nextOpenStart(config, ms);
  const start = closedAt ?? zonedInstant(addDays(local.date, -SEARCH_LIMIT_DAYS), 0, config.timeZone);
  const end = opensAt === undefined ? null : new Date(opensAt);
  const occurrenceKey = closedAt !== undefined
    ? `${window === 'lunch' ? 'lunch' : 'off'}:${new Date(closedAt).toISOString()}`
    : `off:until:${end ? end.toISOString() : 'never'}`;
  return { ...base, window, span: { start: new Date(start), end }, occurrenceKey, nextOpen: end };
}

/** The instant itself when open, else the next opening; null when nothing opens within ~400 days. */
export function nextOpenAt(config: CalendarConfig, instant: Date): Date | null {
  const ms = instant.getTime();
  if (openSpanAt(config, ms)) return new Date(ms);
  const next = nextOpenStart(config, ms);
  return next === undefined ? null : new Date(next);
}

/** True when the calendar is open at `instant`. */
export function isOpenAt(config: CalendarConfig, instant: Date): boolean {
  return openSpanAt(config, instant.getTime()) !== undefined;
}
