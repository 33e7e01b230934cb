/**
 * @module The kind of day a date is for customer load, from the organisation's calendar (statutory holidays
 * and 调休 through `officialDay`, never the org's own opening hours): workday, Saturday, Sunday, statutory
 * holiday, 调休 make-up workday, the last workday before a holiday stretch of ≥ 3 days and the first after one.
 */
import { addDays, daysBetween, isoWeekday, officialDay, type CalendarConfig } from '../calendar/index';

export type LoadDayType = 'workday' | 'saturday' | 'sunday' | 'holiday' | 'makeup' | 'pre_holiday' | 'post_holiday';
export const LOAD_DAY_TYPES: readonly LoadDayType[] = ['workday', 'saturday', 'sunday', 'holiday', 'makeup', 'pre_holiday', 'post_holiday'];

export interface LoadDay {
  date: string;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  type: LoadDayType;
  /** The statutory base of the day before pre/post: a workday or a 调休 make-up day. */
  base: 'workday' | 'saturday' | 'sunday' | 'holiday' | 'makeup';
  /** Holiday name (国庆节, 春节 …) for holidays, make-up days and the days around a long holiday. */
  holidayName?: string;
  /** For holiday days: the stretch's first date (one event) and the day's 1-based position in it. */
  event?: string;
  dayOfEvent?: number;
  /** Length in days of the off stretch (weekend days included) a pre/post day borders. */
  stretchDays?: number;
  /** True when the day both follows and precedes a long holiday (the type says post_holiday). */
  alsoPre?: boolean;
  /** The second workday after a long holiday (backlog can spill over); its type stays workday / makeup. */
  secondAfter?: boolean;
}

/** A long holiday: at least this many consecutive days off, one of them statutory. */
export const LONG_HOLIDAY_DAYS = 3;
/** How far around a range the stretch detection looks (longer than any Chinese holiday stretch). */
const MARGIN_DAYS = 16;

function baseOf(config: CalendarConfig, date: string, weekday: number): Pick<LoadDay, 'base' | 'holidayName'> {
  const official = officialDay(config, date);
  const name = official?.name ? { holidayName: official.name } : {};
  if (official?.kind === 'holiday') return { base: 'holiday', ...name };
  if (official?.kind === 'workday' && weekday >= 6) return { base: 'makeup', ...name };
  return { base: weekday === 6 ? 'saturday' : weekday === 7 ? 'sunday' : 'workday' };
}

const isOff = (d: Pick<LoadDay, 'base'>) => d.base === 'holiday' || d.base === 'saturday' || d.base === 'sunday';

/** Day types of every local date in [from, to] (inclusive), with the stretches around the range taken into account. */
export function loadDays(config: CalendarConfig, from: string, to: string): LoadDay[] {
  const start = addDays(from, -MARGIN_DAYS);
  const n = daysBetween(start, to) + MARGIN_DAYS + 1;
  const days: LoadDay[] = [];
  for (let i = 0, date = start; i < n; i++, date = addDays(date, 1)) {
    const weekday = isoWeekday(date);
    const b = baseOf(config, date, weekday);
    days.push({ date, weekday, type: b.base, ...b });
  }
  for (let i = 0; i < days.length;) {
    if (!isOff(days[i]!)) { i++; continue; }
    let j = i;
    while (j < days.length && isOff(days[j]!)) j++;
    const stretch = days.slice(i, j);
    const holiday = stretch.find((d) => d.base === 'holiday');
    if (holiday) {
      const event = stretch.find((d) => d.base === 'holiday')!.date;
      let k = 0;
      for (const d of stretch) if (d.base === 'holiday') { d.event = event; d.dayOfEvent = ++k; }
    }
    if (holiday && stretch.length >= LONG_HOLIDAY_DAYS && i > 0 && j < days.length) {
      const before = days[i - 1]!, after = days[j]!;
      const name = holiday.holidayName;
      const mark = (d: LoadDay, type: 'pre_holiday' | 'post_holiday') => {
        if (d.type === 'post_holiday' && type === 'pre_holiday') { d.alsoPre = true; return; }
        d.type = type;
        d.stretchDays = stretch.length;
        if (name) d.holidayName = name;
      };
      mark(before, 'pre_holiday');
      mark(after, 'post_holiday');
    }
    i = j;
  }
  days.forEach((d, i) => {
    if (d.type !== 'post_holiday') return;
    const next = days.slice(i + 1).find((x) => x.base === 'workday' || x.base === 'makeup');
    if (next && (next.type === 'workday' || next.type === 'makeup')) {
      next.secondAfter = true;
      if (d.holidayName) next.holidayName ??= d.holidayName;
    }
  });
  const first = MARGIN_DAYS;
  return days.slice(first, first + daysBetween(from, to) + 1);
}

/** Day types keyed by date for [from, to]. */
export function loadDayMap(config: CalendarConfig, from: string, to: string): Map<string, LoadDay> {
  return new Map(loadDays(config, from, to).map((d) => [d.date, d]));
}
