/**
 * @module Moonshift's load forecast (pure, no I/O): hourly expected inbound customer messages with an 80 %
 * interval, learned from an hourly history with the org calendar's day types (workday, Saturday, Sunday,
 * statutory holiday, 调休, the days around a long holiday), explained in words; peak hours; backtests next
 * to seasonal-naive; Erlang C staffing; generated histories for tests and the demo.
 */
import type { CalendarConfig } from '../calendar/index';
import type { HourGrid } from './hours';
import { forecastHours, type ForecastHour } from './predict';
import { trainLoadModel, type LoadModel } from './train';

export { loadDays, loadDayMap, LONG_HOLIDAY_DAYS, LOAD_DAY_TYPES, type LoadDay, type LoadDayType } from './day-types';
export { HourGrid, HOUR_MS, gridFromInstants, hourStart, hoursOfRange } from './hours';
export { trainLoadModel, type LoadModel } from './train';
export { forecastHours, type ForecastHour } from './predict';
export { countInterval, INTERVAL_LEVEL } from './interval';
export { explainHour, dayPhrase, SHORT_HISTORY_DAYS, type ExplainLocale } from './explain';
export { backtest, busiestHit, combineScores, scoreForecast, topIndices, BUSIEST, type BacktestResult, type Score, type WeekScore } from './backtest';
export { agentsNeeded, erlangC, serviceLevel, type Staffing, type StaffingInput } from './erlang';
export { drawLoadEffects, generateLoad, type GeneratedLoad, type LoadEffects } from './synthetic';

/** Trains on the history before `from` and forecasts every hour of `days` local days from it. */
export function forecastLoad(grid: HourGrid, calendar: CalendarConfig, from: number, days: number): { model: LoadModel; hours: ForecastHour[] } {
  const model = trainLoadModel(grid, calendar, from);
  // The model's history ends at the forecast's first hour (rounded down in the org zone).
  return { model, hours: forecastHours(model, from, days) };
}

/**
 * The peak hours of a forecast: its busiest `share` of hours (at least one when anything is expected),
 * in time order — what the automatic escalation sensitivity and the weekly summary name.
 */
export function peakHours<T extends { at: number; expected: number }>(points: T[], share = 0.1): T[] {
  const n = Math.max(1, Math.round(points.length * share));
  const ranked = points.filter((p) => p.expected > 0).sort((a, b) => b.expected - a.expected || a.at - b.at).slice(0, n);
  return ranked.sort((a, b) => a.at - b.at);
}
