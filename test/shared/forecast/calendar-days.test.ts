/** Day types for load from the org calendar (chinese-days through shared/calendar), and local hours of a range. */
import { describe, it, expect } from 'vitest';
import { DEMO_CALENDAR, parseCalendarConfig, zonedInstant } from '../../../shared/calendar/index';
import type { HourGrid} from '../../../shared/forecast/index';
import { hourStart, hoursOfRange, loadDayMap, gridFromInstants } from '../../../shared/forecast/index';

const days = loadDayMap(DEMO_CALENDAR, '2026-01-01', '2026-12-31');
const type = (date: string) => days.get(date)?.type;

describe('load day types of 2026 (statutory holidays and 调休)', () => {
  it('marks the last workday before and the first after each holiday stretch of three days or more', () => {
    expect(type('2026-09-30')).toBe('pre_holiday');
    expect(days.get('2026-09-30')?.holidayName).toBe('国庆节');
    expect(type('2026-10-08')).toBe('post_holiday');
    expect(days.get('2026-10-08')?.stretchDays).toBe(7);
    expect(type('2026-04-30')).toBe('pre_holiday');
    expect(type('2026-05-06')).toBe('post_holiday');
    expect(type('2026-04-03')).toBe('pre_holiday'); // 清明 Sat–Mon
    expect(type('2026-04-07')).toBe('post_holiday');
    expect(type('2026-09-24')).toBe('pre_holiday'); // 中秋 Fri–Sun
    expect(type('2026-09-28')).toBe('post_holiday');
  });

  it('knows holidays with their day in the stretch, 调休 make-up days (also as the last day before 春节), and ordinary weekends', () => {
    expect(days.get('2026-10-03')).toMatchObject({ type: 'holiday', holidayName: '国庆节', dayOfEvent: 3, event: '2026-10-01' });
    expect(days.get('2026-10-10')).toMatchObject({ type: 'makeup', base: 'makeup', holidayName: '国庆节' });
    expect(days.get('2026-02-14')).toMatchObject({ type: 'pre_holiday', base: 'makeup', holidayName: '春节' });
    expect(days.get('2026-02-24')).toMatchObject({ type: 'post_holiday' });
    expect(days.get('2026-10-09')).toMatchObject({ type: 'workday', secondAfter: true });
    expect(type('2026-03-13')).toBe('workday'); // a Friday before an ordinary weekend
    expect(type('2026-03-14')).toBe('saturday');
    expect(type('2026-03-15')).toBe('sunday');
    expect(type('2026-01-04')).toBe('post_holiday'); // 元旦's make-up Sunday is the first workday after it
  });

  it('reads holidays from the calendar, not the desk’s own hours: a desk open every day still sees 国庆 as a holiday', () => {
    const everyDay = [{ start: '08:00', end: '22:00' }];
    const open7 = parseCalendarConfig({ weekly: { 1: everyDay, 2: everyDay, 3: everyDay, 4: everyDay, 5: everyDay, 6: everyDay, 7: everyDay } });
    const d = loadDayMap(open7, '2026-09-26', '2026-10-12');
    expect(d.get('2026-10-02')?.type).toBe('holiday');
    expect(d.get('2026-10-10')?.type).toBe('makeup');
    expect(d.get('2026-10-11')?.type).toBe('sunday');
    const noStatutory = parseCalendarConfig({ weekly: {}, useStatutoryHolidays: false });
    expect(loadDayMap(noStatutory, '2026-10-01', '2026-10-01').get('2026-10-01')?.type).toBe('workday');
  });
});

describe('local hours of a range', () => {
  it('rounds the start down to its hour in the zone and returns every hour of N local days', () => {
    const from = Date.parse('2026-09-28T09:41:07+08:00');
    const hours = hoursOfRange(from, 14, 'Asia/Shanghai');
    expect(hours).toHaveLength(336);
    expect(hours[0]).toBe(Date.parse('2026-09-28T09:00:00+08:00'));
    expect(hourStart(Date.parse('2026-01-10T10:59:59+05:30'), 'Asia/Kolkata')).toBe(Date.parse('2026-01-10T10:00:00+05:30'));
  });

  it('follows daylight saving: a spring-forward day has 23 hours, a fall-back day 25', () => {
    expect(hoursOfRange(zonedInstant('2026-03-08', 0, 'America/New_York'), 1, 'America/New_York')).toHaveLength(23);
    expect(hoursOfRange(zonedInstant('2026-11-01', 0, 'America/New_York'), 1, 'America/New_York')).toHaveLength(25);
  });

  it('counts message instants by local date and hour of the org zone', () => {
    const grid: HourGrid = gridFromInstants([
      Date.parse('2026-10-07T16:30:00Z'), // 00:30 on 8 October in Shanghai
      Date.parse('2026-10-08T01:05:00Z'), Date.parse('2026-10-08T01:59:59Z'), // 09:05 and 09:59
    ], 'Asia/Shanghai');
    expect(grid.get('2026-10-08', 0)).toBe(1);
    expect(grid.get('2026-10-08', 9)).toBe(2);
    expect(grid.total).toBe(3);
    expect(grid.extent()).toEqual({ first: '2026-10-08', last: '2026-10-08' });
  });
});
