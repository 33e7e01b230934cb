/** The load model's behaviour: intervals, short and dirty histories, explanations, a holiday in progress. */
import { describe, it, expect } from 'vitest';
import { DEMO_CALENDAR, addDays, zonedInstant } from '../../../shared/calendar/index';
import {
  HourGrid, countInterval, drawLoadEffects, explainHour, forecastLoad, generateLoad, type ForecastHour,
} from '../../../shared/forecast/index';

const TZ = DEMO_CALENDAR.timeZone;
const at = (date: string, hour = 0) => zonedInstant(date, hour * 60, TZ);

function grid(seed: number, from: string, to: string, edit?: (h: { at: number; count: number }) => number): HourGrid {
  const g = new HourGrid(TZ);
  const hours = generateLoad(DEMO_CALENDAR, drawLoadEffects(seed), seed, from, to).hours;
  g.addBuckets(edit ? hours.map((h) => ({ at: h.at, count: edit(h) })) : hours);
  return g;
}

const relWidth = (hs: ForecastHour[]) => hs.reduce((s, h) => s + (h.high - h.low), 0) / hs.reduce((s, h) => s + h.expected, 0);

describe('80 % count intervals', () => {
  it('cover close to 80 % of a count on average, from a quiet night hour to a busy one, and always enclose the mean', () => {
    const poisson = (mean: number, lo: number, hi: number) => {
      let p = Math.exp(-mean), c = 0;
      for (let k = 0; k < 2000; k++) { if (k >= lo && k <= hi) c += p; p *= mean / (k + 1); }
      return c;
    };
    const means = [0.4, 0.9, 1.7, 2.6, 4, 6.5, 9, 14, 22, 35, 60, 110, 240, 600];
    const cover = means.map((m) => {
      const iv = countInterval(m, 0, 0);
      expect(iv.low).toBeLessThanOrEqual(m);
      expect(iv.high).toBeGreaterThanOrEqual(m);
      return poisson(m, iv.low, iv.high);
    });
    const avg = cover.reduce((a, b) => a + b, 0) / cover.length;
    expect(avg).toBeGreaterThan(0.76);
    expect(avg).toBeLessThan(0.84);
    for (const c of cover.slice(4)) expect(Math.abs(c - 0.8)).toBeLessThan(0.05);
  });

  it('widen with over-dispersion and model uncertainty', () => {
    const plain = countInterval(50, 0, 0), noisy = countInterval(50, 0.05, 0.04);
    expect(noisy.high - noisy.low).toBeGreaterThan(1.5 * (plain.high - plain.low));
  });
});

describe('learning from short, empty and dirty histories', () => {
  it('answers every hour with zeros when there is no history at all', () => {
    const { hours } = forecastLoad(new HourGrid(TZ), DEMO_CALENDAR, at('2026-09-28'), 2);
    expect(hours).toHaveLength(48);
    expect(hours.every((h) => h.expected === 0 && h.low === 0 && h.high === 0)).toBe(true);
  });

  it('with three days of history still forecasts every hour, with wider intervals than with sixteen weeks', () => {
    const from = at('2026-07-06');
    const long = forecastLoad(grid(3, '2026-03-16', '2026-07-06'), DEMO_CALENDAR, from, 14);
    const short = forecastLoad(grid(3, '2026-07-03', '2026-07-06'), DEMO_CALENDAR, from, 14);
    expect(short.hours).toHaveLength(336);
    expect(short.model.historyDays).toBe(3);
    expect(short.hours.every((h) => Number.isFinite(h.expected) && h.low <= h.expected && h.expected <= h.high)).toBe(true);
    expect(relWidth(short.hours)).toBeGreaterThan(1.3 * relWidth(long.hours));
    expect(explainHour(short.hours[10]!, short.model)).toContain('历史仅 3 天，区间较宽');
  });

  it('is not thrown by an outage day and a spike hour in its history', () => {
    const from = at('2026-06-08');
    const clean = forecastLoad(grid(7, '2026-02-16', '2026-06-08'), DEMO_CALENDAR, from, 7).hours;
    const outage = at('2026-05-27'), spike = at('2026-06-03', 10);
    const dirty = forecastLoad(grid(7, '2026-02-16', '2026-06-08', (h) => (h.at >= outage && h.at < outage + 86_400_000 ? 0 : h.at === spike ? h.count * 20 : h.count)), DEMO_CALENDAR, from, 7).hours;
    const total = (hs: ForecastHour[]) => hs.reduce((s, h) => s + h.expected, 0);
    expect(Math.abs(total(dirty) / total(clean) - 1)).toBeLessThan(0.03);
    const wed10 = (hs: ForecastHour[]) => hs.find((h) => h.hour === '2026-06-10T10:00:00+08:00')!.expected;
    expect(Math.abs(wed10(dirty) / wed10(clean) - 1)).toBeLessThan(0.08);
  });

  it('learns only from history before the forecast start', () => {
    const g = grid(9, '2026-05-04', '2026-07-06');
    const from = at('2026-06-15');
    const cut = new HourGrid(TZ);
    for (const [date, row] of g.days) if (date < '2026-06-15') row.forEach((count, hour) => cut.add(at(date, hour), count));
    expect(forecastLoad(g, DEMO_CALENDAR, from, 3).hours).toEqual(forecastLoad(cut, DEMO_CALENDAR, from, 3).hours);
  });
});

describe('special days', () => {
  const history = grid(21, '2026-06-01', '2026-10-12');
  const { model, hours } = forecastLoad(history, DEMO_CALENDAR, at('2026-09-28'), 14);
  const hour = (iso: string) => hours.find((h) => h.hour === iso)!;

  it('expects a low 国庆 and a busy morning on the first workday after it, and says why in Chinese', () => {
    const holiday = hour('2026-10-03T10:00:00+08:00'), back = hour('2026-10-08T10:00:00+08:00'), usual = hour('2026-10-13T10:00:00+08:00' as string);
    expect(holiday.expected).toBeLessThan(0.6 * back.usual);
    expect(back.expected).toBeGreaterThan(1.3 * back.usual);
    expect(usual).toBeUndefined(); // outside the 14 days
    expect(explainHour(back, model)).toMatch(/^国庆节后首个工作日，上午积压，约为平时 \d\.\d 倍$/);
    expect(explainHour(holiday, model)).toMatch(/^国庆节假期第 3 天，上午假期咨询减少，约为平时的 \d+%$/);
    expect(explainHour(hour('2026-09-30T15:00:00+08:00'), model)).toMatch(/^国庆节前最后一个工作日，下午节前集中咨询/);
    expect(explainHour(hour('2026-10-10T10:00:00+08:00'), model)).toMatch(/^国庆节调休上班日（周六）/);
    expect(explainHour(back, model, 'en')).toMatch(/^first workday after National Day, morning backlog, about \d\.\d× usual$/);
  });

  it('puts the busiest forecast hours on the backlog morning', () => {
    const top = [...hours].sort((a, b) => b.expected - a.expected).slice(0, 3);
    expect(top.every((h) => h.day.type === 'post_holiday' && h.localHour >= 8 && h.localHour <= 12)).toBe(true);
  });

  it('expects the rest of a holiday in progress to be like its first days', () => {
    // The same desk, once with this 国庆 twice as deep as usual: forecasting from its 4th day follows what was seen.
    const deep = grid(21, '2026-06-01', '2026-10-12', (h) => (h.at >= at('2026-10-01') && h.at < at('2026-10-08') ? Math.round(h.count / 2) : h.count));
    const from = at('2026-10-04');
    const sum = (g: HourGrid) => forecastLoad(g, DEMO_CALENDAR, from, 3).hours.reduce((s, h) => s + h.expected, 0);
    const ratio = sum(deep) / sum(history);
    expect(ratio).toBeGreaterThan(0.45);
    expect(ratio).toBeLessThan(0.7);
    expect(addDays('2026-10-04', 3)).toBe('2026-10-07');
  });
});
