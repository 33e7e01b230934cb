/** @module Open-time arithmetic, openIntervalsOn, formatNextOpen, yearView and statutory facts. */
import { describe, it, expect } from 'vitest';
import {
  DEMO_CALENDAR, addOpenTime, formatNextOpen, openIntervalsOn, openTimeBetween, parseCalendarConfig,
  statutoryYearKnown, windowAt, yearView,
} from '../../../shared/calendar';
import { config } from './fixtures';

const at = (iso: string): Date => new Date(iso);
const MIN = 60_000, HOUR = 60 * MIN;
const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

describe('addOpenTime', () => {
  it('adds plain time inside one interval', () => {
    expect(iso(addOpenTime(DEMO_CALENDAR, at('2026-11-25T10:00:00+08:00'), 90_000))).toBe(iso(at('2026-11-25T10:01:30+08:00')));
  });

  it('skips the lunch break', () => {
    expect(iso(addOpenTime(DEMO_CALENDAR, at('2026-11-25T12:59:00+08:00'), 2 * MIN))).toBe(iso(at('2026-11-25T14:01:00+08:00')));
  });

  it('skips the night: 90 s armed at 20:59:30 fire at 09:01:00 next day', () => {
    expect(iso(addOpenTime(DEMO_CALENDAR, at('2026-11-25T20:59:30+08:00'), 90_000))).toBe(iso(at('2026-11-26T09:01:00+08:00')));
  });

  it('starts counting at the next opening when armed off-hours, skipping weekend and holidays', () => {
    expect(iso(addOpenTime(DEMO_CALENDAR, at('2026-11-27T20:00:00+08:00'), 2 * HOUR))).toBe(iso(at('2026-11-30T10:00:00+08:00')));
    expect(iso(addOpenTime(DEMO_CALENDAR, at('2026-10-02T10:00:00+08:00'), 10 * MIN))).toBe(iso(at('2026-10-08T09:10:00+08:00')));
  });

  it('returns the instant itself for zero and null when the calendar never opens', () => {
    const t = at('2026-11-28T10:00:00+08:00');
    expect(iso(addOpenTime(DEMO_CALENDAR, t, 0))).toBe(iso(t));
    expect(addOpenTime(config('demo'), t, 10_000 * HOUR)).toBeNull();
  });
});

describe('openTimeBetween', () => {
  it('counts 11 open hours on a demo workday (lunch excluded)', () => {
    expect(openTimeBetween(DEMO_CALENDAR, at('2026-11-25T00:00:00+08:00'), at('2026-11-26T00:00:00+08:00'))).toBe(11 * HOUR);
  });

  it('counts across lunch, night and the weekend', () => {
    expect(openTimeBetween(DEMO_CALENDAR, at('2026-11-25T12:30:00+08:00'), at('2026-11-25T14:30:00+08:00'))).toBe(HOUR);
    expect(openTimeBetween(DEMO_CALENDAR, at('2026-11-27T20:00:00+08:00'), at('2026-11-30T10:00:00+08:00'))).toBe(2 * HOUR);
    expect(openTimeBetween(DEMO_CALENDAR, at('2026-10-01T00:00:00+08:00'), at('2026-10-08T00:00:00+08:00'))).toBe(0);
    expect(openTimeBetween(DEMO_CALENDAR, at('2026-11-26T00:00:00+08:00'), at('2026-11-25T00:00:00+08:00'))).toBe(0);
  });

  it('counts the overnight span on both sides of midnight', () => {
    expect(openTimeBetween(config('overnight'), at('2026-11-23T23:00:00+08:00'), at('2026-11-24T01:00:00+08:00'))).toBe(2 * HOUR);
  });

  it('is the inverse of addOpenTime', () => {
    const from = at('2026-09-30T20:00:00+08:00');
    const to = addOpenTime(DEMO_CALENDAR, from, 3 * HOUR);
    expect(to && openTimeBetween(DEMO_CALENDAR, from, to)).toBe(3 * HOUR);
  });

  it('follows DST: a Berlin office day is 8 h on both sides of the change', () => {
    const berlin = config('berlin');
    expect(openTimeBetween(berlin, at('2026-03-27T00:00:00+01:00'), at('2026-04-01T00:00:00+02:00'))).toBe(24 * HOUR);
  });
});

describe('openIntervalsOn', () => {
  it('lists a workday’s two intervals as instants in the org zone', () => {
    expect(openIntervalsOn(DEMO_CALENDAR, '2026-11-25').map((i) => [iso(i.start), iso(i.end)])).toEqual([
      ['2026-11-25T01:00:00.000Z', '2026-11-25T05:00:00.000Z'],
      ['2026-11-25T06:00:00.000Z', '2026-11-25T13:00:00.000Z'],
    ]);
    expect(openIntervalsOn(DEMO_CALENDAR, '2026-10-02')).toEqual([]);
    expect(openIntervalsOn(DEMO_CALENDAR, '2026-10-10')).toHaveLength(2);
  });

  it('keeps an overnight span with the day it starts', () => {
    const [, late] = openIntervalsOn(config('overnight'), '2026-11-27');
    expect([iso(late?.start ?? null), iso(late?.end ?? null)]).toEqual(['2026-11-27T14:00:00.000Z', '2026-11-27T18:00:00.000Z']);
  });
});

describe('formatNextOpen', () => {
  const next = at('2026-10-08T09:00:00+08:00');
  it('formats in Chinese and English', () => {
    expect(formatNextOpen(next, 'Asia/Shanghai')).toBe('10月8日（周四）09:00');
    expect(formatNextOpen(next, 'Asia/Shanghai', 'en')).toBe('Thu 8 Oct 09:00');
  });

  it('says today / tomorrow relative to a reference instant in the org zone', () => {
    expect(formatNextOpen(at('2026-11-25T14:00:00+08:00'), 'Asia/Shanghai', 'zh', { now: at('2026-11-25T13:10:00+08:00') })).toBe('今天 14:00');
    expect(formatNextOpen(at('2026-11-26T09:00:00+08:00'), 'Asia/Shanghai', 'zh', { now: at('2026-11-25T15:30:00Z') })).toBe('明天 09:00');
    // 16:30 UTC on the 25th is already the 26th in Shanghai: same local day.
    expect(formatNextOpen(at('2026-11-26T09:00:00+08:00'), 'Asia/Shanghai', 'zh', { now: at('2026-11-25T16:30:00Z') })).toBe('今天 09:00');
    expect(formatNextOpen(at('2026-11-26T09:00:00+08:00'), 'Asia/Shanghai', 'en', { now: at('2026-11-25T21:00:00+08:00') })).toBe('tomorrow 09:00');
    expect(formatNextOpen(next, 'Asia/Shanghai', 'zh', { now: at('2026-10-02T10:00:00+08:00') })).toBe('10月8日（周四）09:00');
  });

  it('shows the year when it differs from the reference', () => {
    expect(formatNextOpen(at('2027-01-04T09:00:00+08:00'), 'Asia/Shanghai', 'zh', { now: at('2026-12-31T21:00:00+08:00') })).toBe('2027年1月4日（周一）09:00');
    expect(formatNextOpen(at('2027-01-04T09:00:00+08:00'), 'Asia/Shanghai', 'en', { now: at('2026-12-31T21:00:00+08:00') })).toBe('Mon 4 Jan 2027 09:00');
  });

  it('uses the given zone', () => {
    expect(formatNextOpen(at('2026-10-26T08:00:00Z'), 'Europe/Berlin', 'en')).toBe('Mon 26 Oct 09:00');
  });
});

describe('yearView and chinese-days facts', () => {
  it('lists every 2026 date with its kind, name and hours', () => {
    const view = yearView(DEMO_CALENDAR, 2026);
    expect(view.statutoryKnown).toBe(true);
    expect(view.days).toHaveLength(365);
    const byDate = new Map(view.days.map((d) => [d.date, d]));
    expect(byDate.get('2026-10-01')).toMatchObject({ dayKind: 'holiday', holidayName: '国庆节', closed: true, hours: [] });
    expect(byDate.get('2026-02-14')).toMatchObject({ dayKind: 'makeup_workday', holidayName: '春节', weekday: 6 });
    expect(byDate.get('2026-09-20')).toMatchObject({ dayKind: 'makeup_workday', weekday: 7 });
    expect(byDate.get('2026-11-25')?.hours).toHaveLength(2);
    expect(view.days.filter((d) => d.dayKind === 'holiday')).toHaveLength(33);
    expect(view.days.filter((d) => d.dayKind === 'makeup_workday').map((d) => d.date)).toEqual(
      ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  });

  it('knows that chinese-days lacks 2027 and counts imported days', () => {
    expect(statutoryYearKnown(2026)).toBe(true);
    expect(statutoryYearKnown(2027)).toBe(false);
    const view = yearView(config('imported2027'), 2027);
    expect(view).toMatchObject({ statutoryKnown: false, importedCount: 2 });
    expect(view.days.find((d) => d.date === '2027-01-01')).toMatchObject({ dayKind: 'holiday', holidayName: '元旦' });
  });

  it('shows a closed override with its note', () => {
    const view = yearView(config('overrides'), 2026);
    expect(view.days.find((d) => d.date === '2026-12-24')).toMatchObject({ dayKind: 'override', closed: true, holidayName: '盘点' });
  });

  it('uses makeupWorkdayHours on a 调休 day when configured', () => {
    const cfg = parseCalendarConfig({
      weekly: { 1: [{ start: '09:00', end: '21:00' }] }, makeupWorkdayHours: [{ start: '10:00', end: '16:00' }],
    });
    const day = yearView(cfg, 2026).days.find((d) => d.date === '2026-10-10');
    expect(day).toMatchObject({ dayKind: 'makeup_workday', hours: [{ start: '10:00', end: '16:00' }] });
    expect(windowAt(cfg, at('2026-10-10T09:30:00+08:00')).window).toBe('night');
    expect(windowAt(cfg, at('2026-10-10T10:00:00+08:00')).window).toBe('open');
  });
});
