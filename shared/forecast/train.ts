/**
 * @module Learning the load model from an hourly history: a penalised log-linear model of ordinary days'
 * totals (level, trend, weekday), pooled special-day effects (holiday depth, 调休, rush, backlog), daily
 * shapes per kind of day and the hour profiles of rush and backlog days, plus the noise at day and hour level.
 */
import { addDays, daysBetween, localParts, type CalendarConfig } from '../calendar/index';
import { loadDays, type LoadDay } from './day-types';
import {
  backlogPrior, EFFECT_PRIORS, hourProfile, inProgress, occurrence, poolEffect,
  type Occurrence, type PooledEffect, type SpecialType,
} from './effects';
import { fitGlm, type GlmPrior, type GlmRow } from './glm';
import type { HourGrid } from './hours';
import { estimateShapes, type ShapeDay, type Shapes } from './shapes';

/** Weeks over which an old day's weight halves (recent weeks count more when the desk changes). */
const HALF_LIFE_WEEKS = 12;

export interface LoadModel {
  config: CalendarConfig;
  /** Exclusive end of the history (the forecast's start, on an hour boundary). */
  end: number;
  /** Last complete local date used; trend time is counted in weeks from it. */
  lastDate: string | null;
  historyDays: number;
  messages: number;
  /** β: intercept, trend per week, weekday effects Monday…Sunday (log scale). */
  beta: number[];
  cov: number[][];
  /** Day-level and hour-level variance beyond Poisson. */
  s2Day: number;
  invK: number;
  shapes: Shapes;
  /** Log-scale sampling variance of each hour's share (large when a kind of day has few messages). */
  shapeVar: Shapes;
  effects: Record<SpecialType, PooledEffect>;
  /** Hour multipliers of rush and backlog days, and of the second workday after a long holiday. */
  preProfile: number[];
  postProfile: number[];
  secondProfile: number[];
  /** A holiday in progress at the end of history: its own depth so far. */
  current?: { event: string; mean: number; variance: number };
}

const WEEKDAY_PRIORS: GlmPrior[] = [
  { mean: 0, sd: 0.2 }, { mean: 0, sd: 0.2 }, { mean: 0, sd: 0.2 }, { mean: 0, sd: 0.2 }, { mean: 0, sd: 0.2 },
  { mean: -0.35, sd: 0.4 }, { mean: -0.45, sd: 0.4 },
];
const PRIORS: (GlmPrior | null)[] = [null, { mean: 0, sd: 0.05 }, ...WEEKDAY_PRIORS];

export const isOrdinary = (d: LoadDay) => (d.type === 'workday' || d.type === 'saturday' || d.type === 'sunday') && !d.secondAfter;

/** Design row of a day: [1, weeks from the last history date, weekday one-hot]. */
export function designRow(weeks: number, weekday: number): number[] {
  return [1, weeks, ...Array.from({ length: 7 }, (_, i) => (i === weekday - 1 ? 1 : 0))];
}

export const dot = (x: number[], b: number[]) => x.reduce((s, xi, i) => s + xi * b[i]!, 0);
export const quad = (x: number[], m: number[][]) => x.reduce((s, xi, i) => s + xi * dot(x, m[i]!), 0);

/** The usual workday's design row (weekday effects averaged over Monday–Friday). */
export function workdayRow(weeks: number): number[] {
  return [1, weeks, 0.2, 0.2, 0.2, 0.2, 0.2, 0, 0];
}

/**
 * Log of the usual total of a day before any special effect: its own weekday; a 调休 make-up day works like a
 * Monday (the first day back); a holiday is measured against an average workday.
 */
export function baseRow(day: LoadDay, weeks: number): number[] {
  if (day.base === 'makeup') return designRow(weeks, 1);
  return day.base === 'holiday' ? workdayRow(weeks) : designRow(weeks, day.weekday);
}

interface HistoryDay extends ShapeDay { weeks: number }

function priorOffset(day: LoadDay): number {
  let o = day.base === 'holiday' || day.base === 'makeup' ? EFFECT_PRIORS[day.base].mean : 0;
  if (day.type === 'pre_holiday' || day.alsoPre) o += EFFECT_PRIORS.pre_holiday.mean;
  if (day.type === 'post_holiday') o += EFFECT_PRIORS.post_holiday.mean;
  return o;
}

function historyDays(grid: HourGrid, config: CalendarConfig, end: number): HistoryDay[] {
  const extent = grid.extent();
  if (!extent) return [];
  const endDate = localParts(end, config.timeZone).date;
  // Only whole days: the forecast start's own date is partial unless it starts at midnight.
  const last = addDays(endDate, -1) < extent.last ? addDays(endDate, -1) : extent.last;
  if (last < extent.first) return [];
  return loadDays(config, extent.first, last).map((day) => {
    const hours = grid.days.get(day.date) ?? new Float64Array(24);
    const weeks = daysBetween(last, day.date) / 7;
    return { day, hours, total: hours.reduce((s, x) => s + x, 0), weight: 0.5 ** (-weeks / HALF_LIFE_WEEKS), weeks };
  });
}

function specialOccurrences(days: HistoryDay[], beta: number[], s2Day: number): Record<SpecialType, Occurrence[]> {
  const out: Record<SpecialType, Occurrence[]> = { holiday: [], makeup: [], pre_holiday: [], post_holiday: [], second_after: [] };
  const usual = (d: HistoryDay) => Math.exp(dot(baseRow(d.day, d.weeks), beta));
  const events = new Map<string, { observed: number; usual: number; days: number }>();
  for (const d of days) {
    if (d.day.base === 'holiday') {
      const e = events.get(d.day.event ?? d.day.date) ?? { observed: 0, usual: 0, days: 0 };
      e.observed += d.total; e.usual += usual(d); e.days++;
      events.set(d.day.event ?? d.day.date, e);
    } else if (d.day.type === 'makeup') out.makeup.push(occurrence(d.total, usual(d), 1, s2Day));
  }
  for (const e of events.values()) out.holiday.push(occurrence(e.observed, e.usual, e.days, s2Day));
  const makeup = poolEffect('makeup', out.makeup).mean;
  for (const d of days) {
    const type = d.day.secondAfter ? 'second_after' : d.day.type;
    if ((type !== 'pre_holiday' && type !== 'post_holiday' && type !== 'second_after') || d.day.alsoPre) continue;
    const base = usual(d) * (d.day.base === 'makeup' ? Math.exp(makeup) : 1);
    out[type].push(occurrence(d.total, base, 1, s2Day));
  }
  return out;
}

/** A model that forecasts zero with no spread (no history at all). */
function emptyModel(config: CalendarConfig, end: number): LoadModel {
  const flat = Array<number>(24).fill(1 / 24);
  const none = { mean: 0, tau2: 0, varMean: 0, n: 0 };
  return {
    config, end, lastDate: null, historyDays: 0, messages: 0, beta: [Number.NEGATIVE_INFINITY, 0, 0, 0, 0, 0, 0, 0, 0],
    cov: PRIORS.map(() => Array<number>(PRIORS.length).fill(0)), s2Day: 0, invK: 0,
    shapes: { workday: flat, saturday: flat, sunday: flat, holiday: flat },
    shapeVar: { workday: flat, saturday: flat, sunday: flat, holiday: flat },
    effects: { holiday: none, makeup: none, pre_holiday: none, post_holiday: none, second_after: none },
    preProfile: Array<number>(24).fill(1), postProfile: Array<number>(24).fill(1), secondProfile: Array<number>(24).fill(1),
  };
}

/** Learns the model from the messages counted in `grid` before `end` (epoch ms, an hour boundary). */
export function trainLoadModel(grid: HourGrid, config: CalendarConfig, end: number): LoadModel {
  const days = historyDays(grid, config, end);
  const messages = days.reduce((s, d) => s + d.total, 0);
  if (days.length === 0 || messages === 0) return emptyModel(config, end);
  const rows: GlmRow[] = days.filter((d) => isOrdinary(d.day))
    .map((d) => ({ x: designRow(d.weeks, d.day.weekday), y: d.total, weight: d.weight }));
  // Only special days seen (a holiday week): their prior effects stand in for what ordinary days would show.
  const onlySpecial = rows.length === 0;
  if (onlySpecial) rows.push(...days.map((d) => ({ x: baseRow(d.day, d.weeks), y: d.total, weight: d.weight, offset: priorOffset(d.day) })));
  const glm = fitGlm(rows, PRIORS);
  // The level then rests on assumed effects: their uncertainty widens every interval.
  if (onlySpecial) glm.cov[0]![0]! += EFFECT_PRIORS.holiday.sd ** 2;
  const { shapes, shapeVar, invK } = estimateShapes(days);
  const occ = specialOccurrences(days, glm.beta, glm.s2);
  const effects = {
    holiday: poolEffect('holiday', occ.holiday), makeup: poolEffect('makeup', occ.makeup),
    pre_holiday: poolEffect('pre_holiday', occ.pre_holiday), post_holiday: poolEffect('post_holiday', occ.post_holiday),
    second_after: poolEffect('second_after', occ.second_after),
  };
  const ofType = (t: LoadDay['type']) => days.filter((d) => d.day.type === t && !d.day.alsoPre && d.total > 0);
  const preDays = ofType('pre_holiday'), postDays = ofType('post_holiday');
  const preProfile = hourProfile(shapes.workday, preDays, Array<number>(24).fill(1));
  const postProfile = hourProfile(shapes.workday, postDays, backlogPrior());
  const flat = Array<number>(24).fill(1);
  const secondProfile = hourProfile(shapes.workday, days.filter((d) => d.day.secondAfter && d.total > 0), flat);
  const last = days[days.length - 1]!;
  let current: LoadModel['current'];
  if (last.day.base === 'holiday' && last.day.event) {
    const seen = days.filter((d) => d.day.event === last.day.event);
    const usual = seen.reduce((s, d) => s + Math.exp(dot(baseRow(d.day, d.weeks), glm.beta)), 0);
    const o = occurrence(seen.reduce((s, d) => s + d.total, 0), usual, seen.length, glm.s2);
    current = { event: last.day.event, ...inProgress(effects.holiday, o) };
  }
  return {
    config, end, lastDate: last.day.date, historyDays: days.length, messages,
    beta: glm.beta, cov: glm.cov, s2Day: glm.s2, invK, shapes, shapeVar, effects, preProfile, postProfile, secondProfile, ...(current ? { current } : {}),
  };
}
