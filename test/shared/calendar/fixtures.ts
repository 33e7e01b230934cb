/** @module Named calendar configurations used by the calendar tests and the golden table. */
import { DEMO_CALENDAR, parseCalendarConfig, type CalendarConfig } from '../../../shared/calendar';

const WEEKDAY = [{ start: '09:00', end: '13:00' }, { start: '14:00', end: '21:00' }];
const demoWeekly = { 1: WEEKDAY, 2: WEEKDAY, 3: WEEKDAY, 4: WEEKDAY, 5: WEEKDAY };

const NIGHT_SHIFT = [{ start: '10:00', end: '14:00' }, { start: '22:00', end: '02:00' }];
const OFFICE = [{ start: '09:00', end: '17:00' }];

export const CONFIGS: Record<string, CalendarConfig> = {
  demo: DEMO_CALENDAR,
  /** Two intervals a day, the second an overnight span 22:00–02:00; no statutory days. */
  overnight: parseCalendarConfig({
    weekly: { 1: NIGHT_SHIFT, 2: NIGHT_SHIFT, 3: NIGHT_SHIFT, 4: NIGHT_SHIFT, 5: NIGHT_SHIFT },
    useStatutoryHolidays: false,
  }),
  /** Demo hours plus admin overrides at the end of 2026. */
  overrides: parseCalendarConfig({
    weekly: demoWeekly,
    overrides: [
      { date: '2026-12-24', closed: true, note: '盘点' },
      { date: '2026-12-26', hours: [{ start: '10:00', end: '16:00' }], note: '周六加班' },
      { date: '2026-12-31', hours: [{ start: '09:00', end: '12:00' }], note: '跨年' },
    ],
  }),
  /** Demo hours plus an imported 2027 schedule (an example, not the official one). */
  imported2027: parseCalendarConfig({
    weekly: demoWeekly,
    imported: [
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      { date: '2027-02-20', kind: 'workday', name: '春节' },
    ],
  }),
  /** A DST zone: Mon–Fri 09:00–17:00 in Europe/Berlin, no statutory days. */
  berlin: parseCalendarConfig({
    timeZone: 'Europe/Berlin',
    weekly: { 1: OFFICE, 2: OFFICE, 3: OFFICE, 4: OFFICE, 5: OFFICE },
    useStatutoryHolidays: false,
  }),
};

export function config(name: string): CalendarConfig {
  const c = CONFIGS[name];
  if (!c) throw new Error(`unknown test config ${name}`);
  return c;
}
