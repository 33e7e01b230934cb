/** @module Golden window table (JSON → it.each) plus stretch / occurrence-key behaviour. */
import { describe, it, expect } from 'vitest';
import { DEMO_CALENDAR, nextOpenAt, parseCalendarConfig, windowAt } from '../../../shared/calendar';
import { config } from './fixtures';
import golden from './golden-windows.json';

interface GoldenRow {
  name: string; config: string; at: string; window: string; next_open: string | null;
  dayKind?: string; holidayName?: string;
}

const at = (iso: string): Date => new Date(iso);
const demo = (iso: string) => windowAt(DEMO_CALENDAR, at(iso));

describe('golden windows', () => {
  it('has at least 40 rows', () => { expect(golden.length).toBeGreaterThanOrEqual(40); });

  it.each(golden as GoldenRow[])('$name ($config, $at) → $window', (row) => {
    const cfg = config(row.config);
    const result = windowAt(cfg, at(row.at));
    expect(result.window).toBe(row.window);
    if (row.dayKind) expect(result.dayKind).toBe(row.dayKind);
    if (row.holidayName) expect(result.holidayName).toBe(row.holidayName);
    const next = nextOpenAt(cfg, at(row.at));
    expect(next?.toISOString() ?? null).toBe(row.next_open === null ? null : at(row.next_open).toISOString());
    expect(result.nextOpen?.toISOString()).toBe(next?.toISOString());
  });
});

describe('stretches and occurrence keys', () => {
  it('keeps one key from Friday 21:00 through the weekend to Monday 09:00', () => {
    const instants = ['2026-11-27T21:00:00+08:00', '2026-11-27T23:00:00+08:00', '2026-11-28T10:00:00+08:00',
      '2026-11-29T22:00:00+08:00', '2026-11-30T08:59:59+08:00'];
    const keys = new Set(instants.map((i) => demo(i).occurrenceKey));
    expect(keys.size).toBe(1);
    expect(demo('2026-11-28T10:00:00+08:00').window).toBe('weekend');
    const span = demo('2026-11-28T10:00:00+08:00').span;
    expect(span.start.toISOString()).toBe(at('2026-11-27T21:00:00+08:00').toISOString());
    expect(span.end?.toISOString()).toBe(at('2026-11-30T09:00:00+08:00').toISOString());
  });

  it('gives each night, lunch and opening its own key', () => {
    const keys = ['2026-11-24T22:00:00+08:00', '2026-11-25T13:30:00+08:00', '2026-11-25T22:00:00+08:00',
      '2026-11-26T13:30:00+08:00', '2026-11-26T10:00:00+08:00', '2026-11-26T15:00:00+08:00'].map((i) => demo(i).occurrenceKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(demo('2026-11-25T13:00:00+08:00').occurrenceKey).toBe(demo('2026-11-25T13:59:59+08:00').occurrenceKey);
    expect(demo('2026-11-25T13:30:00+08:00').occurrenceKey.startsWith('lunch:')).toBe(true);
  });

  it('treats night 21:00 → 09:00 as one stretch across midnight', () => {
    const evening = demo('2026-11-25T21:00:00+08:00');
    const morning = demo('2026-11-26T08:00:00+08:00');
    expect(morning.occurrenceKey).toBe(evening.occurrenceKey);
    expect(evening.span.start.toISOString()).toBe('2026-11-25T13:00:00.000Z');
    expect(evening.span.end?.toISOString()).toBe('2026-11-26T01:00:00.000Z');
  });

  it('spans the whole National Day holiday from the eve closing to 2026-10-08 09:00', () => {
    const w = demo('2026-10-02T10:00:00+08:00');
    expect(w.span.start.toISOString()).toBe(at('2026-09-30T21:00:00+08:00').toISOString());
    expect(w.span.end?.toISOString()).toBe(at('2026-10-08T09:00:00+08:00').toISOString());
    expect(demo('2026-10-06T23:00:00+08:00').occurrenceKey).toBe(w.occurrenceKey);
    expect(demo('2026-10-08T21:30:00+08:00').occurrenceKey).not.toBe(w.occurrenceKey);
  });

  it('splits the Spring Festival around the 调休 Saturday 2026-02-28', () => {
    const fest = demo('2026-02-20T10:00:00+08:00');
    expect(fest.span.start.toISOString()).toBe(at('2026-02-14T21:00:00+08:00').toISOString());
    expect(demo('2026-02-13T22:00:00+08:00').occurrenceKey).not.toBe(fest.occurrenceKey);
  });

  it('reports local date, weekday and minute in the org zone, not UTC', () => {
    const w = demo('2026-11-25T17:30:00Z');
    expect(w).toMatchObject({ localDate: '2026-11-26', weekday: 4, minuteOfDay: 90, window: 'night' });
  });

  it('returns null next opening and a stable key when nothing ever opens', () => {
    const closed = parseCalendarConfig({ weekly: {}, useStatutoryHolidays: false });
    const a = windowAt(closed, at('2026-11-25T10:00:00+08:00'));
    const b = windowAt(closed, at('2026-11-28T10:00:00+08:00'));
    expect(a.window).toBe('weekend');
    expect(a.span.end).toBeNull();
    expect(a.nextOpen).toBeNull();
    expect(nextOpenAt(closed, at('2026-11-25T10:00:00+08:00'))).toBeNull();
    expect(b.occurrenceKey).toBe(a.occurrenceKey);
  });

  it('answers windowAt quickly enough to run on every message', () => {
    const start = Date.parse('2026-09-28T00:00:00+08:00');
    windowAt(DEMO_CALENDAR, new Date(start));
    const t0 = performance.now();
    for (let i = 0; i < 5000; i++) windowAt(DEMO_CALENDAR, new Date(start + i * 97_000));
    expect((performance.now() - t0) / 5000).toBeLessThan(1); // ms per call, generous bound
  });
});
