/** @module CalendarConfig validation: accepted shapes, defaults and clear rejections with paths. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { CalendarConfigSchema, parseCalendarConfig } from '../../../shared/calendar';

const WEEKDAY = [{ start: '09:00', end: '13:00' }, { start: '14:00', end: '21:00' }];

function issues(input: unknown): { path: string; message: string }[] {
  const r = CalendarConfigSchema.safeParse(input);
  if (r.success) return [];
  return r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('CalendarConfig', () => {
  it('applies defaults: Asia/Shanghai, statutory holidays on, no overrides or imports', () => {
    const cfg = parseCalendarConfig({ weekly: { 1: WEEKDAY } });
    expect(cfg.timeZone).toBe('Asia/Shanghai');
    expect(cfg.useStatutoryHolidays).toBe(true);
    expect(cfg.overrides).toEqual([]);
    expect(cfg.imported).toEqual([]);
    expect(cfg.weekly['7']).toEqual([]);
    expect(cfg.makeupWorkdayHours).toBeUndefined();
  });

  it('accepts an overnight span 22:00–02:00 and a 24 h span marked overnight', () => {
    expect(issues({ weekly: { 5: [{ start: '22:00', end: '02:00' }] } })).toEqual([]);
    expect(issues({ weekly: { 5: [{ start: '00:00', end: '00:00', overnight: true }] } })).toEqual([]);
    expect(issues({ weekly: { 5: [{ start: '18:00', end: '24:00' }] } })).toEqual([]);
  });

  it('rejects overlapping intervals on a day, naming the interval', () => {
    const found = issues({ weekly: { 1: [{ start: '09:00', end: '13:00' }, { start: '12:30', end: '18:00' }] } });
    expect(found).toEqual([{ path: 'weekly.1.1', message: 'interval 12:30–18:00 overlaps 09:00–13:00' }]);
  });

  it('rejects an overnight span overlapping a later interval of the same day', () => {
    const found = issues({ weekly: { 2: [{ start: '22:00', end: '02:00' }, { start: '23:00', end: '23:30' }] } });
    expect(found[0]?.message).toMatch(/overlaps 22:00–02:00/);
  });

  it('rejects zero-length and explicitly non-overnight inverted intervals', () => {
    expect(issues({ weekly: { 1: [{ start: '09:00', end: '09:00' }] } })).toEqual([
      { path: 'weekly.1.0.end', message: 'zero-length interval 09:00–09:00 (set overnight: true for a 24 h span)' },
    ]);
    expect(issues({ weekly: { 1: [{ start: '21:00', end: '09:00', overnight: false }] } })[0]?.message)
      .toBe('interval 21:00–09:00 ends before it starts and is not overnight');
    expect(issues({ weekly: { 1: [{ start: '09:00', end: '21:00', overnight: true }] } })[0]?.message)
      .toMatch(/must end at or before its start/);
  });

  it('rejects bad HH:MM values', () => {
    expect(issues({ weekly: { 1: [{ start: '9:00', end: '13:00' }] } })).toEqual([
      { path: 'weekly.1.0.start', message: 'start must be HH:MM (00:00–23:59)' },
    ]);
    expect(issues({ weekly: { 1: [{ start: '09:00', end: '24:30' }] } })[0]?.path).toBe('weekly.1.0.end');
    expect(issues({ weekly: { 1: [{ start: '25:00', end: '26:00' }] } }).length).toBeGreaterThan(0);
  });

  it('rejects an unknown time zone', () => {
    expect(issues({ timeZone: 'Asia/Beijing', weekly: {} })).toEqual([
      { path: 'timeZone', message: 'unknown time zone "Asia/Beijing" (expected an IANA name such as Asia/Shanghai)' },
    ]);
    expect(issues({ timeZone: 'Europe/Berlin', weekly: {} })).toEqual([]);
  });

  it('rejects duplicate override dates and impossible dates', () => {
    const found = issues({
      weekly: {},
      overrides: [
        { date: '2026-10-09', closed: true },
        { date: '2026-10-09', hours: [{ start: '10:00', end: '12:00' }] },
        { date: '2026-02-30', closed: true },
      ],
    });
    expect(found).toContainEqual({ path: 'overrides.1.date', message: 'duplicate date 2026-10-09 (already at overrides[0])' });
    expect(found).toContainEqual({ path: 'overrides.2.date', message: 'date must be a real YYYY-MM-DD date' });
  });

  it('rejects duplicate imported dates and overlapping override hours', () => {
    expect(issues({ weekly: {}, imported: [
      { date: '2027-01-01', kind: 'holiday' }, { date: '2027-01-01', kind: 'workday' },
    ] })[0]?.path).toBe('imported.1.date');
    expect(issues({ weekly: {}, overrides: [
      { date: '2026-12-31', hours: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '13:00' }] },
    ] }).some((i) => i.message.includes('overlaps'))).toBe(true);
  });

  it('rejects a Sunday overnight span running into Monday morning', () => {
    const found = issues({ weekly: { 7: [{ start: '22:00', end: '10:00' }], 1: [{ start: '09:00', end: '12:00' }] } });
    expect(found).toEqual([{ path: 'weekly.7', message: "overnight interval 22:00–10:00 runs into day 1's 09:00–12:00" }]);
  });
});

describe('shared/calendar purity', () => {
  it('imports no node:* module and no I/O (it also runs in the browser)', () => {
    const dir = new URL('../../../shared/calendar/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const src = readFileSync(new URL(f, dir), 'utf8');
      expect(src, f).not.toMatch(/from ['"]node:|require\(|\bfetch\(|process\.env/);
      expect(src.startsWith('/**\n * @module'), f).toBe(true);
    }
  });
});
