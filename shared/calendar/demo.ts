/**
 * @module The demo calendar: Asia/Shanghai, Mon–Fri 09:00–13:00 + 14:00–21:00 (lunch 13:00–14:00),
 * weekends closed, Chinese statutory holidays on, 调休 make-up days with weekday hours.
 */
import { parseCalendarConfig, type CalendarConfig } from './schema';

const WEEKDAY = [{ start: '09:00', end: '13:00' }, { start: '14:00', end: '21:00' }];

export const DEMO_CALENDAR: CalendarConfig = parseCalendarConfig({
  timeZone: 'Asia/Shanghai',
  weekly: { 1: WEEKDAY, 2: WEEKDAY, 3: WEEKDAY, 4: WEEKDAY, 5: WEEKDAY, 6: [], 7: [] },
  useStatutoryHolidays: true,
});
