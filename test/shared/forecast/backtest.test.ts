/**
 * Backtests of the load forecast on generated histories whose effect sizes (each holiday's depth, the rush
 * and backlog factors and shape, weekday profile, trend, day and hour noise, spikes) are drawn per seed.
 */
import { describe, it, expect } from 'vitest';
import { DEMO_CALENDAR, addDays, zonedInstant } from '../../../shared/calendar/index';
import {
  HourGrid, backtest, combineScores, drawLoadEffects, forecastLoad, generateLoad, scoreForecast, type Score,
} from '../../../shared/forecast/index';

const SEEDS = [11, 23, 37, 41, 59, 73];
const TZ = DEMO_CALENDAR.timeZone;

function history(seed: number, from: string, to: string): HourGrid {
  const grid = new HourGrid(TZ);
  grid.addBuckets(generateLoad(DEMO_CALENDAR, drawLoadEffects(seed), seed, from, to).hours);
  return grid;
}

/** A 14-day forecast from exactly 16 weeks of history, scored against what the generator then produced. */
function fourteenDays(grid: HourGrid, start: string): Score {
  const from = zonedInstant(start, 0, TZ);
  const { hours } = forecastLoad(grid, DEMO_CALENDAR, from, 14);
  const actual = hours.map((h) => grid.get(h.day.date, h.localHour));
  const naive = hours.map((h) => grid.get(addDays(h.day.date, -7), h.localHour));
  return scoreForecast(hours, actual, naive);
}

describe('forecast backtest on generated histories', () => {
  it.each(SEEDS.slice(0, 4))('seed %i: week-by-week replay beats seasonal-naive by a wide margin on holiday weeks, with calibrated intervals', (seed) => {
    const r = backtest(history(seed, '2025-12-01', '2026-10-26'), DEMO_CALENDAR, { minWeeks: 16 });
    expect(r.weeks.filter((w) => w.holiday).length).toBeGreaterThanOrEqual(6);
    expect(r.holidayWeeks.mae).toBeLessThanOrEqual(0.6 * r.holidayWeeks.naiveMae);
    expect(r.overall.mae).toBeLessThan(r.overall.naiveMae);
    expect(r.overall.coverage).toBeGreaterThanOrEqual(0.7);
    expect(r.overall.coverage).toBeLessThanOrEqual(0.9);
    expect(r.holidayWeeks.coverage).toBeGreaterThanOrEqual(0.7);
    expect(r.holidayWeeks.coverage).toBeLessThanOrEqual(0.9);
    expect(r.holidayWeeks.hitRate).toBeGreaterThanOrEqual(0.5);
    expect(r.holidayWeeks.hitRate).toBeGreaterThan(r.holidayWeeks.naiveHitRate);
  });

  it.each(SEEDS)('seed %i: 14-day forecasts across 春节, 劳动节 and 中秋/国庆 from 16 weeks of history', (seed) => {
    const scores: Score[] = [];
    for (const start of ['2026-02-09', '2026-04-27', '2026-09-21']) {
      const grid = history(seed, addDays(start, -112), addDays(start, 14));
      const s = fourteenDays(grid, start);
      expect(s.hours).toBe(14 * 24);
      expect(s.mae, `MAE vs seasonal-naive from ${start}`).toBeLessThanOrEqual(0.6 * s.naiveMae);
      scores.push(s);
    }
    const all = combineScores(scores);
    expect(all.coverage).toBeGreaterThanOrEqual(0.7);
    expect(all.coverage).toBeLessThanOrEqual(0.9);
    expect(all.hitRate).toBeGreaterThanOrEqual(0.5);
  });

  it('keeps its advantage with only four weeks of history (effects from priors), and a quiet desk stays calibrated', () => {
    const short: Score[] = [], quiet: Score[] = [];
    for (const seed of SEEDS.slice(0, 3)) {
      short.push(fourteenDays(history(seed, '2026-08-31', '2026-10-12'), '2026-09-28'));
      const grid = new HourGrid(TZ);
      grid.addBuckets(generateLoad(DEMO_CALENDAR, drawLoadEffects(seed, { level: 30 }), seed, '2026-06-08', '2026-10-12').hours);
      quiet.push(fourteenDays(grid, '2026-09-28'));
    }
    for (const s of short) expect(s.mae).toBeLessThanOrEqual(0.6 * s.naiveMae);
    for (const s of quiet) expect(s.mae).toBeLessThan(s.naiveMae);
    for (const all of [combineScores(short), combineScores(quiet)]) {
      expect(all.coverage).toBeGreaterThanOrEqual(0.7);
      expect(all.coverage).toBeLessThanOrEqual(0.9);
    }
  });
});
