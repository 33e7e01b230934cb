/** @module CSV and ICS schedule import: accepted forms, round-trip with chinese-days, line-numbered errors. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, it, expect } from 'vitest';
import { parseScheduleCsv, parseScheduleIcs, statutoryDay } from '../../../shared/calendar';

describe('parseScheduleCsv', () => {
  it('reads date,kind,name rows with holiday/workday and 休/班, quotes and a BOM', () => {
    const csv = '\uFEFFdate,kind,name\r\n2027-01-01,休,元旦\n2027-02-06,workday,春节\n\n2027-02-07,holiday,"春节, 除夕前"\n2027/2/8,班,\n';
    const r = parseScheduleCsv(csv);
    expect(r.errors).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.days).toEqual([
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      { date: '2027-02-06', kind: 'workday', name: '春节' },
      { date: '2027-02-07', kind: 'holiday', name: '春节, 除夕前' },
      { date: '2027-02-08', kind: 'workday' },
    ]);
  });

  it('accepts columns in any order and without a name column', () => {
    expect(parseScheduleCsv('kind,date\nholiday,2027-10-01\n').days).toEqual([{ date: '2027-10-01', kind: 'holiday' }]);
  });

  it('reports bad rows with their line numbers and imports nothing', () => {
    const r = parseScheduleCsv('date,kind,name\n2027-01-01,休,元旦\n2027-02-30,休,x\n2027-02-01,maybe,y\n2027-01-01,班,dup\n');
    expect(r.ok).toBe(false);
    expect(r.days).toEqual([]);
    expect(r.errors).toEqual([
      { line: 3, message: 'bad date "2027-02-30" (expected YYYY-MM-DD)' },
      { line: 4, message: 'bad kind "maybe" (expected holiday, workday, 休 or 班)' },
      { line: 5, message: 'duplicate date 2027-01-01 (first on line 2)' },
    ]);
  });

  it('rejects a missing header and an empty file', () => {
    expect(parseScheduleCsv('2027-01-01,休,元旦\n').errors[0]).toMatchObject({ line: 1, message: expect.stringMatching(/header/) });
    expect(parseScheduleCsv('').ok).toBe(false);
  });
});

describe('parseScheduleIcs', () => {
  it('reproduces chinese-days for 2026 from the package’s own ICS file', () => {
    const require = createRequire(import.meta.url);
    const path = require.resolve('chinese-days/dist/years/2026.ics');
    const r = parseScheduleIcs(readFileSync(path, 'utf8'));
    expect(r.errors).toEqual([]);
    expect(r.days.length).toBe(39);
    for (const day of r.days) {
      expect(statutoryDay(day.date), day.date).toEqual({ kind: day.kind, name: day.name });
    }
  });

  it('reads folded lines, multi-day events, date-times and CATEGORIES', () => {
    const ics = [
      'BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20270205', 'DTEND;VALUE=DATE:20270208',
      'SUMMARY:春节', ' (休)', 'END:VEVENT', 'BEGIN:VEVENT', 'DTSTART:20270220T000000', 'SUMMARY:春节补班',
      'END:VEVENT', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20271001', 'SUMMARY:National Day',
      'CATEGORIES:Holiday', 'END:VEVENT', 'END:VCALENDAR',
    ].join('\r\n');
    const r = parseScheduleIcs(ics);
    expect(r.errors).toEqual([]);
    expect(r.days).toEqual([
      { date: '2027-02-05', kind: 'holiday', name: '春节' },
      { date: '2027-02-06', kind: 'holiday', name: '春节' },
      { date: '2027-02-07', kind: 'holiday', name: '春节' },
      { date: '2027-02-20', kind: 'workday', name: '春节补班' },
      { date: '2027-10-01', kind: 'holiday', name: 'National Day' },
    ]);
  });

  it('reports events it cannot read with their line numbers', () => {
    const ics = [
      'BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:2027013', 'SUMMARY:元旦(休)', 'END:VEVENT',
      'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20270101', 'SUMMARY:公司年会', 'END:VEVENT',
      'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20270105', 'DTEND;VALUE=DATE:20270104', 'SUMMARY:x(休)', 'END:VEVENT',
      'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20270301',
    ].join('\n');
    const r = parseScheduleIcs(ics);
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual([
      { line: 3, message: 'event without a valid DTSTART date (got "2027013")' },
      { line: 8, message: 'cannot tell holiday from workday in "公司年会" (use 休 or 班, or CATEGORIES holiday/workday)' },
      { line: 12, message: 'DTEND "20270104" must be a date after DTSTART 2027-01-05' },
      { line: 15, message: 'VEVENT is not closed by END:VEVENT' },
    ]);
  });
});
