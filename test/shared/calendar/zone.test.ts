import { describe, it, expect } from 'vitest';
import { localParts } from '../../../shared/calendar/zone';

/** What `Intl` itself reads on the wall clock (localParts caches each hour's offset: it must agree to the second). */
const formats = new Map<string, Intl.DateTimeFormat>();
function intl(ms: number, timeZone: string) {
  const f = formats.get(timeZone) ?? new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  formats.set(timeZone, f);
  const p = Object.fromEntries(f.formatToParts(ms).filter((x) => x.type !== 'literal').map((x) => [x.type, Number(x.value)]));
  return { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: p.second };
}

// DST both ways, half-hour DST (Lord Howe), quarter-hour offsets (Kathmandu, Chatham), a zone that changed its day (Apia)
const ZONES = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'Pacific/Apia', 'America/Sao_Paulo'];

describe('localParts (offsets cached per hour)', () => {
  it('reads every instant as Intl does, across offset changes, in zones with odd offsets', () => {
    let seed = 7;
    const random = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
    for (const zone of ZONES) {
      // about every two hours (at varying seconds) through 2011-2012 (Apia skipped 30 Dec 2011) and 2026 (this year's changes)
      for (const [from, to] of [[Date.UTC(2011, 0, 1), Date.UTC(2012, 11, 31)], [Date.UTC(2026, 0, 1), Date.UTC(2026, 11, 31)]] as const) {
        for (let ms = from; ms < to; ms += 7_213_000 + Math.floor(random() * 60_000)) {
          const p = localParts(ms, zone);
          const want = intl(ms, zone);
          if (p.year !== want.year || p.month !== want.month || p.day !== want.day || p.hour !== want.hour || p.minute !== want.minute || p.second !== want.second) {
            expect({ zone, at: new Date(ms).toISOString(), got: p }).toEqual({ zone, at: new Date(ms).toISOString(), got: { ...want, date: p.date } });
          }
        }
      }
    }
  });

  it('reads the seconds around an offset change exactly (New York, spring forward and fall back 2026)', () => {
    for (const change of [Date.UTC(2026, 2, 8, 7), Date.UTC(2026, 10, 1, 6)]) {
      for (let ms = change - 3_000; ms <= change + 3_000; ms += 500) {
        const p = localParts(ms, 'America/New_York');
        expect([p.hour, p.minute, p.second]).toEqual([intl(ms, 'America/New_York').hour, intl(ms, 'America/New_York').minute, intl(ms, 'America/New_York').second]);
      }
    }
    expect(localParts(Date.UTC(2026, 2, 8, 7) - 1000, 'America/New_York')).toMatchObject({ date: '2026-03-08', hour: 1, minute: 59, second: 59 });
    expect(localParts(Date.UTC(2026, 2, 8, 7), 'America/New_York')).toMatchObject({ date: '2026-03-08', hour: 3, minute: 0, second: 0 });
  });
});
