/** @module The "next year's holidays are unknown" warning: when it starts (org clock), what it says, what ends it. */
import { describe, it, expect } from 'vitest';
import { holidaysUnknownWarnings, parseCalendarConfig } from '../../../shared/calendar';
import { CONFIGS } from './fixtures';

const at = (iso: string) => new Date(iso);

describe('holidaysUnknownWarnings', () => {
  it('is silent until 31 October 23:59 and warns from 1 November 00:00 on the org clock (still 31 October in UTC)', () => {
    expect(holidaysUnknownWarnings(CONFIGS.demo!, at('2026-10-31T23:59:00+08:00'))).toEqual([]);
    const [w, ...rest] = holidaysUnknownWarnings(CONFIGS.demo!, at('2026-11-01T00:00:00+08:00'));
    expect(rest).toEqual([]);
    expect(w).toMatchObject({ code: 'holidays_unknown', year: 2027, wrongFrom: '2027-01-01', started: false });
  });

  it('names the date the calendar goes wrong and the import path, in Chinese and in English', () => {
    const [w] = holidaysUnknownWarnings(CONFIGS.demo!, at('2026-11-26T22:00:00+08:00'));
    expect(w?.zh).toContain('2027 年的法定节假日和调休安排还不知道');
    expect(w?.zh).toContain('从 2027-01-01 起');
    expect(w?.zh).toContain('「管理后台 → 服务日历 → 导入 CSV / ICS」');
    expect(w?.zh).toContain('date,kind,name');
    expect(w?.en).toContain('from 2027-01-01 the calendar treats 2027\'s holidays as ordinary workdays');
    expect(w?.en).toContain('Admin → Calendar → Import CSV / ICS');
  });

  it('goes away once any day of that year is imported', () => {
    expect(holidaysUnknownWarnings(CONFIGS.imported2027!, at('2026-11-26T22:00:00+08:00'))).toEqual([]);
  });

  it('keeps warning after New Year, now saying the calendar is already wrong', () => {
    const [w] = holidaysUnknownWarnings(CONFIGS.demo!, at('2027-01-05T10:00:00+08:00'));
    expect(w).toMatchObject({ year: 2027, started: true });
    expect(w?.zh).toContain('自 2027-01-01 起');
    expect(w?.zh).toContain('现在已经不准确');
    expect(w?.en).toContain('so it is wrong now');
  });

  it('says nothing for a year chinese-days knows, or a calendar without statutory holidays', () => {
    expect(holidaysUnknownWarnings(CONFIGS.demo!, at('2025-11-15T12:00:00+08:00'))).toEqual([]);
    expect(holidaysUnknownWarnings(CONFIGS.overnight!, at('2026-11-26T12:00:00+08:00'))).toEqual([]);
  });

  it('reads 1 November on the calendar\'s own zone and names a team\'s calendar', () => {
    const la = parseCalendarConfig({ timeZone: 'America/Los_Angeles', weekly: {} });
    // 2026-11-01 02:00 in Shanghai is still 31 October in Los Angeles
    expect(holidaysUnknownWarnings(la, at('2026-11-01T02:00:00+08:00'))).toEqual([]);
    const [w] = holidaysUnknownWarnings(la, at('2026-11-01T00:00:00-07:00'), '售后客服');
    expect(w?.zh.startsWith('「售后客服」的日历：')).toBe(true);
    expect(w?.en.startsWith('Calendar of "售后客服": ')).toBe(true);
  });
});
