/**
 * @module Forecast accuracy benchmark (plain tsx script): week-by-week backtests on generated histories whose
 * effect sizes are drawn per seed (seeds the test suite does not use), each scored next to seasonal-naive (the
 * same hour one week earlier) computed in the same run: MAE ratio, the 80 % interval's coverage and the share
 * of the 10 busiest hours named — overall and for holiday weeks — then the spread over the seeds. Also
 * 14-day forecasts from 16 weeks of history across 春节, 劳动节 and 中秋/国庆. `npm run bench forecast-accuracy`
 * (`SEEDS=20` for more seeds).
 */
import { DEMO_CALENDAR, addDays, zonedInstant } from '../../shared/calendar/index';
import {
  HourGrid, backtest, busiestHit, combineScores, drawLoadEffects, forecastLoad, generateLoad, scoreForecast, type Score,
} from '../../shared/forecast/index';

const TZ = DEMO_CALENDAR.timeZone;
const count = Number(process.env.SEEDS ?? 10);
const seeds = Array.from({ length: count }, (_, i) => 1000 + 17 * i);

function history(seed: number, from: string, to: string): HourGrid {
  const grid = new HourGrid(TZ);
  grid.addBuckets(generateLoad(DEMO_CALENDAR, drawLoadEffects(seed), seed, from, to).hours);
  return grid;
}

/** A 14-day forecast from 16 weeks of history; `oracleHitRate`: the busiest-10 share named by the generator's own means (the ceiling noise leaves). */
function fourteenDays(seed: number, start: string): Score & { oracleHitRate: number } {
  const generated = generateLoad(DEMO_CALENDAR, drawLoadEffects(seed), seed, addDays(start, -112), addDays(start, 14));
  const grid = new HourGrid(TZ);
  grid.addBuckets(generated.hours);
  const { hours } = forecastLoad(grid, DEMO_CALENDAR, zonedInstant(start, 0, TZ), 14);
  const actual = hours.map((h) => grid.get(h.day.date, h.localHour));
  const score = scoreForecast(hours, actual, hours.map((h) => grid.get(addDays(h.day.date, -7), h.localHour)));
  return { ...score, oracleHitRate: busiestHit(actual, generated.expected.slice(-hours.length)) };
}

const f = (x: number, d = 2) => x.toFixed(d);
const line = (s: Score) =>
  `MAE ${f(s.mae, 1)} vs naive ${f(s.naiveMae, 1)} (${f(s.mae / s.naiveMae)}×), coverage ${f(s.coverage)}, busiest-10 named ${f(s.hitRate)} vs naive ${f(s.naiveHitRate)}`;
const spread = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `median ${f(s[Math.floor(s.length / 2)]!)}, min ${f(s[0]!)}, max ${f(s[s.length - 1]!)}`;
};

const holiday: Score[] = [], overall: Score[] = [], windows: Score[] = [], oracle: number[] = [];
for (const seed of seeds) {
  const r = backtest(history(seed, '2025-12-01', '2026-10-26'), DEMO_CALENDAR, { minWeeks: 16 });
  const w = (['2026-02-09', '2026-04-27', '2026-09-21'] as const).map((start) => fourteenDays(seed, start));
  const oracleHitRate = w.reduce((a, x) => a + x.oracleHitRate, 0) / w.length;
  holiday.push(r.holidayWeeks); overall.push(r.overall); windows.push(combineScores(w)); oracle.push(oracleHitRate);
  process.stdout.write(`seed ${seed}: holiday weeks (${r.weeks.filter((x) => x.holiday).length}) ${line(r.holidayWeeks)}\n`
    + `${' '.repeat(String(seed).length + 6)}all weeks (${r.weeks.length}) ${line(r.overall)}\n`
    + `${' '.repeat(String(seed).length + 6)}14-day forecasts ×3 ${line(combineScores(w))}, generator's means ${f(oracleHitRate)}\n`);
}
const summary = (name: string, xs: Score[]) => process.stdout.write(
  `${name}: MAE ÷ naive ${spread(xs.map((s) => s.mae / s.naiveMae))}; coverage ${spread(xs.map((s) => s.coverage))}; busiest-10 named ${spread(xs.map((s) => s.hitRate))}\n`);
process.stdout.write(`\nover ${seeds.length} seeds (${seeds[0]}…${seeds[seeds.length - 1]}):\n`);
summary('holiday weeks  ', holiday);
summary('all weeks      ', overall);
summary('14-day windows ', windows);
process.stdout.write(`14-day windows, busiest-10 named by the generator's own means (ceiling): ${spread(oracle)}\n`);
