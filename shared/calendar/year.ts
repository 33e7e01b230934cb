/**
 * @module The admin year view: every date of a year with its kind, holiday name and hours.
 */
import { dayInfo, statutoryYearKnown, type DayKind } from './days';
import type { CalendarConfig, OpenInterval } from './schema';
import { addDays, toDateString } from './zone';

export interface YearViewDay {
  date: string;
  weekday: number;
  dayKind: DayKind;
  holidayName?: string;
  /** Closed all day (holiday, closed override, or a day without hours). */
  closed: boolean;
  hours: OpenInterval[];
}

export interface YearView {
  year: number;
  /** Whether `chinese-days` knows this year; if not and nothing is imported, statutory days are missing. */
  statutoryKnown: boolean;
  importedCount: number;
  days: YearViewDay[];
}

export function yearView(config: CalendarConfig, year: number): YearView {
  const days: YearViewDay[] = [];
  const first = toDateString(year, 1, 1), next = toDateString(year + 1, 1, 1);
  for (let d = first; d < next; d = addDays(d, 1)) {
    const info = dayInfo(config, d);
    days.push({
      date: d, weekday: info.weekday, dayKind: info.dayKind,
      ...(info.holidayName ? { holidayName: info.holidayName } : {}),
      closed: info.spans.length === 0, hours: info.hours,
    });
  }
  const prefix = `${year}-`;
  return {
    year, statutoryKnown: statutoryYearKnown(year),
    importedCount: config.imported.filter((d) => d.date.startsWith(prefix)).length, days,
  };
}
