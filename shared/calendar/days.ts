/**
 * @module What a local date is (workday, weekend, statutory holiday, 调休 make-up workday, override)
 * and its opening intervals as instants — cached per configuration object and date.
 */
// The package's build-time table (`YYYY-MM-DD` → "English,中文,n"), not its functions: those build their
// tables at load time from dates parsed as UTC and read back with local getters, so on a server west of UTC
// every holiday and 调休 day lands one date early. A string table has no zone.
import statutory from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { intervalMinutes, type CalendarConfig, type OpenInterval } from './schema';
import { addDays, isoWeekday, zonedInstant } from './zone';

const tables: { holidays: Record<string, string>; workdays: Record<string, string> } = statutory;

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup_workday' | 'override';

/** One opening of a day as epoch milliseconds; `end` may fall on the next day (overnight). */
export interface OpenSpan { start: number; end: number }

export interface DayInfo {
  date: string;
  weekday: number;
  dayKind: DayKind;
  /** Statutory/imported holiday or make-up-day name (e.g. 春节, 国庆节) or override note. */
  holidayName?: string;
  /** True for a holiday or a closed override: the whole day is the `holiday` window. */
  closed: boolean;
  hours: OpenInterval[];
  /** Local minutes of each interval; `end` may exceed 1440. */
  minutes: { start: number; end: number }[];
  spans: OpenSpan[];
  /** Neighbouring local dates, precomputed so timeline walks do no date arithmetic. */
  prevDate: string;
  nextDate: string;
}

export interface StatutoryDay { kind: 'holiday' | 'workday'; name: string }

/** The `chinese-days` entry of a local date (`YYYY-MM-DD`), or null for an ordinary day. */
export function statutoryDay(date: string): StatutoryDay | null {
  const work = tables.workdays[date];
  const entry = work ?? tables.holidays[date];
  if (entry === undefined) return null;
  return { kind: work !== undefined ? 'workday' : 'holiday', name: entry.split(',')[1] ?? entry };
}

/** Whether `chinese-days` has the statutory schedule of a year (元旦 on 1 January is always listed). */
export function statutoryYearKnown(year: number): boolean {
  return statutoryDay(`${String(year).padStart(4, '0')}-01-01`)?.kind === 'holiday';
}

interface ConfigCache {
  days: Map<string, DayInfo>;
  overrides: Map<string, CalendarConfig['overrides'][number]>;
  imported: Map<string, CalendarConfig['imported'][number]>;
}

const MAX_CACHED_DAYS = 4000;
const caches = new WeakMap<CalendarConfig, ConfigCache>();

function cacheFor(config: CalendarConfig): ConfigCache {
  let c = caches.get(config);
  if (!c) {
    c = {
      days: new Map(),
      overrides: new Map(config.overrides.map((o) => [o.date, o])),
      imported: new Map(config.imported.map((d) => [d.date, d])),
    };
    caches.set(config, c);
  }
  return c;
}

function weeklyHours(config: CalendarConfig, weekday: number): OpenInterval[] {
  return config.weekly[String(weekday) as keyof CalendarConfig['weekly']];
}

function classify(config: CalendarConfig, cache: ConfigCache, date: string, weekday: number):
  Pick<DayInfo, 'dayKind' | 'holidayName' | 'closed' | 'hours'> {
  const override = cache.overrides.get(date);
  if (override) {
    const note = override.note;
    if ('closed' in override) return { dayKind: 'override', closed: true, hours: [], ...(note ? { holidayName: note } : {}) };
    return { dayKind: 'override', closed: false, hours: override.hours, ...(note ? { holidayName: note } : {}) };
  }
  const official = officialDayOf(config, cache, date);
  const own = weeklyHours(config, weekday);
  const named = (name: string | undefined) => (name ? { holidayName: name } : {});
  if (official?.kind === 'holiday') return { dayKind: 'holiday', closed: true, hours: [], ...named(official.name) };
  if (official?.kind === 'workday') {
    if (own.length > 0) return { dayKind: 'workday', closed: false, hours: own, ...named(official.name) };
    const hours = config.makeupWorkdayHours ?? weeklyHours(config, 1);
    return { dayKind: 'makeup_workday', closed: false, hours, ...named(official.name) };
  }
  return { dayKind: own.length > 0 ? 'workday' : 'weekend', closed: false, hours: own };
}

function officialDayOf(config: CalendarConfig, cache: ConfigCache, date: string): StatutoryDay | null {
  const imported = cache.imported.get(date);
  if (imported) return { kind: imported.kind, name: imported.name ?? '' };
  return config.useStatutoryHolidays ? statutoryDay(date) : null;
}

/**
 * What a date is for the public (the customers), whatever the organisation's own hours or date overrides:
 * an imported or statutory holiday / 调休 make-up workday with its name, or null for an ordinary day.
 */
export function officialDay(config: CalendarConfig, date: string): StatutoryDay | null {
  return officialDayOf(config, cacheFor(config), date);
}

/** Everything the calendar knows about one local date (cached). */
export function dayInfo(config: CalendarConfig, date: string): DayInfo {
  const cache = cacheFor(config);
  const hit = cache.days.get(date);
  if (hit) return hit;
  const weekday = isoWeekday(date);
  const base = classify(config, cache, date, weekday);
  const minutes = base.hours.map(intervalMinutes).sort((a, b) => a.start - b.start);
  const spans = minutes.map((m) => ({
    start: zonedInstant(date, m.start, config.timeZone),
    end: zonedInstant(date, m.end, config.timeZone),
  }));
  const info: DayInfo = { date, weekday, ...base, minutes, spans, prevDate: addDays(date, -1), nextDate: addDays(date, 1) };
  if (cache.days.size >= MAX_CACHED_DAYS) cache.days.clear();
  cache.days.set(date, info);
  return info;
}
