/**
 * @module Moonshift's service calendar (pure, no I/O; runs on the server and in the browser):
 * weekly hours with lunch breaks and overnight spans, Chinese statutory holidays and 调休 make-up
 * workdays, date overrides, imported years, windows, next opening and open-time arithmetic.
 */
export {
  CalendarConfigSchema, DateOverride, DayHours, ImportedDay, OpenInterval, WeeklyHours,
  intervalMinutes, parseCalendarConfig, parseHHMM,
  type CalendarConfig, type CalendarConfigInput,
} from './schema';
export { dayInfo, officialDay, statutoryDay, statutoryYearKnown, type DayInfo, type DayKind, type OpenSpan, type StatutoryDay } from './days';
export { windowAt, nextOpenAt, isOpenAt, type WindowAt } from './window';
export { nextWindowStart } from './next-window';
export { openIntervalsOn, addOpenTime, openTimeBetween } from './open';
export { formatNextOpen, type FormatLocale, type FormatNextOpenOptions } from './format';
export { parseScheduleCsv, parseScheduleIcs, type ImportError, type ImportResult } from './import';
export { DEMO_CALENDAR } from './demo';
export { yearView, type YearView, type YearViewDay } from './year';
export { holidaysKnown, holidaysUnknownWarnings, IMPORT_PATH, type HolidaysUnknownWarning } from './holidays-ahead';
export { SEARCH_LIMIT_DAYS } from './timeline';
export { isValidTimeZone, localParts, zonedInstant, addDays, daysBetween, isoWeekday, toZonedIso } from './zone';
