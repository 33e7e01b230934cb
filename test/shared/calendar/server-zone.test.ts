/** @module The zone projects really run under their server zone (else they would prove nothing). */
import { describe, it, expect } from 'vitest';

describe('server time zone of the test run', () => {
  it('is the zone the project sets in TZ, for Date and Intl alike', () => {
    const tz = process.env.TZ;
    if (!tz) return; // the default project runs in whatever zone the machine has
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(tz);
    const offsetAt = (iso: string) => new Date(iso).getTimezoneOffset();
    const expected = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })
      .formatToParts(new Date('2026-07-01T00:00:00Z')).find((p) => p.type === 'timeZoneName')?.value;
    const minutes = -offsetAt('2026-07-01T00:00:00Z');
    const sign = minutes >= 0 ? '+' : '-';
    const hhmm = `${String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0')}:${String(Math.abs(minutes) % 60).padStart(2, '0')}`;
    expect(expected).toBe(minutes === 0 ? 'GMT' : `GMT${sign}${hhmm}`);
  });
});
