/**
 * @module Backtesting: replay a history week by week — train on everything before a Monday, forecast that
 * week, compare with what came — and score the forecast next to seasonal-naive (the same hour one week
 * earlier): mean absolute error, the 80 % interval's coverage and how many of the 10 busiest hours were named.
 */
import { addDays, isoWeekday, zonedInstant, type CalendarConfig } from '../calendar/index';
import type { LoadDayType } from './day-types';
import type { HourGrid } from './hours';
import { forecastHours, type ForecastHour } from './predict';
import { trainLoadModel } from './train';

export const BUSIEST = 10;
const SPECIAL: LoadDayType[] = ['holiday', 'makeup', 'pre_holiday', 'post_holiday'];

export interface Score { hours: number; mae: number; naiveMae: number; coverage: number; hitRate: number; naiveHitRate: number }
export interface WeekScore extends Score { week: string; holiday: boolean }

/** Indices of the `n` largest values (ties: earlier first). */
export function topIndices(values: number[], n = BUSIEST): Set<number> {
  return new Set(values.map((v, i) => ({ v, i })).sort((a, b) => b.v - a.v || a.i - b.i).slice(0, n).map((x) => x.i));
}

/** Share of the actual busiest hours that the prediction also ranks among its busiest. */
export function busiestHit(actual: number[], predicted: number[], n = BUSIEST): number {
  const a = topIndices(actual, n), p = topIndices(predicted, n);
  let hit = 0;
  for (const i of a) if (p.has(i)) hit++;
  return a.size ? hit / a.size : 0;
}

/** Scores one forecast against the actual counts (and seasonal-naive values) of the same hours. */
export function scoreForecast(points: Pick<ForecastHour, 'expected' | 'low' | 'high'>[], actual: number[], naive: number[]): Score {
  const n = points.length;
  let abs = 0, naiveAbs = 0, covered = 0;
  points.forEach((p, i) => {
    const y = actual[i]!;
    abs += Math.abs(p.expected - y);
    naiveAbs += Math.abs(naive[i]! - y);
    if (p.low <= y && y <= p.high) covered++;
  });
  return {
    hours: n, mae: abs / n, naiveMae: naiveAbs / n, coverage: covered / n,
    hitRate: busiestHit(actual, points.map((p) => p.expected)), naiveHitRate: busiestHit(actual, naive),
  };
}

/** Hour-weighted average of scores. */
export function combineScores(scores: Score[]): Score {
  const hours = scores.reduce((s, x) => s + x.hours, 0);
  const avg = (f: (s: Score) => number) => (hours ? scores.reduce((s, x) => s + f(x) * x.hours, 0) / hours : 0);
  return {
    hours, mae: avg((s) => s.mae), naiveMae: avg((s) => s.naiveMae), coverage: avg((s) => s.coverage),
    hitRate: scores.length ? scores.reduce((s, x) => s + x.hitRate, 0) / scores.length : 0,
    naiveHitRate: scores.length ? scores.reduce((s, x) => s + x.naiveHitRate, 0) / scores.length : 0,
  };
}

export interface BacktestResult { weeks: WeekScore[]; overall: Score; holidayWeeks: Score }

/** Weeks (Monday to Sunday, org zone) with at least `minWeeks` of history before them, up to the last whole week. */
export function backtest(grid: HourGrid, config: CalendarConfig, opts: { minWeeks?: number } = {}): BacktestResult {
  const extent = grid.extent();
  const weeks: WeekScore[] = [];
  if (extent) {
    let monday = addDays(extent.first, 7 * (opts.minWeeks ?? 4));
    while (isoWeekday(monday) !== 1) monday = addDays(monday, 1);
    for (; addDays(monday, 6) <= extent.last; monday = addDays(monday, 7)) {
      const start = zonedInstant(monday, 0, config.timeZone);
      const model = trainLoadModel(grid, config, start);
      const points = forecastHours(model, start, 7);
      const actual = points.map((p) => grid.get(p.day.date, p.localHour));
      const naive = points.map((p) => grid.get(addDays(p.day.date, -7), p.localHour));
      const holiday = points.some((p) => SPECIAL.includes(p.day.type));
      weeks.push({ week: monday, holiday, ...scoreForecast(points, actual, naive) });
    }
  }
  return { weeks, overall: combineScores(weeks), holidayWeeks: combineScores(weeks.filter((w) => w.holiday)) };
}
