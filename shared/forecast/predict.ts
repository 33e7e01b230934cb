/**
 * @module Forecasting with a trained load model: for every local hour of a range, the expected inbound
 * messages, the 80 % interval, the kind of day and how the hour compares with a usual workday hour.
 */
import { daysBetween } from '../calendar/index';
import { loadDayMap, type LoadDay } from './day-types';
import { hoursOfRange, isoInZone, localHour } from './hours';
import { countInterval } from './interval';
import { shapeClassOf } from './shapes';
import { baseRow, dot, quad, workdayRow, type LoadModel } from './train';

export interface ForecastHour {
  /** Hour start, epoch ms, and as ISO-8601 with the org zone's offset. */
  at: number;
  hour: string;
  expected: number;
  low: number;
  high: number;
  day: LoadDay;
  /** Local hour of day 0–23. */
  localHour: number;
  /** What an ordinary workday (same weekday when the day is one) would expect at this hour. */
  usual: number;
}

interface DayPlan { logMean: number; sigma2: number; profile: number[] | null; usualLog: number }

function planDay(model: LoadModel, day: LoadDay): DayPlan {
  const weeks = model.lastDate ? daysBetween(model.lastDate, day.date) / 7 : 0;
  const x = baseRow(day, weeks);
  let logMean = dot(x, model.beta);
  let sigma2 = model.s2Day + quad(x, model.cov);
  const add = (e: { mean: number; tau2: number; varMean: number }) => { logMean += e.mean; sigma2 += e.tau2 + e.varMean; };
  const { effects } = model;
  if (day.base === 'holiday') {
    if (model.current && model.current.event === day.event) { logMean += model.current.mean; sigma2 += model.current.variance; }
    else add(effects.holiday);
  } else if (day.base === 'makeup') add(effects.makeup);
  let profile: number[] | null = null;
  if (day.type === 'pre_holiday' || day.alsoPre) { add(effects.pre_holiday); profile = model.preProfile; }
  if (day.type === 'post_holiday') { add(effects.post_holiday); profile = model.postProfile; }
  if (day.secondAfter) { add(effects.second_after); profile = model.secondProfile; }
  const usualRow = day.base === 'holiday' || day.base === 'saturday' || day.base === 'sunday' ? workdayRow(weeks) : baseRow(day, weeks);
  return { logMean, sigma2, profile, usualLog: dot(usualRow, model.beta) };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Every hour of [from rounded down to its hour, + `days` local days) in the model's calendar zone. */
export function forecastHours(model: LoadModel, from: number, days: number): ForecastHour[] {
  const tz = model.config.timeZone;
  const hours = hoursOfRange(from, days, tz);
  if (hours.length === 0) return [];
  const first = localHour(hours[0]!, tz).date, last = localHour(hours[hours.length - 1]!, tz).date;
  const dayTypes = loadDayMap(model.config, first, last);
  const plans = new Map<string, DayPlan>();
  return hours.map((at) => {
    const p = localHour(at, tz);
    const day = dayTypes.get(p.date)!;
    let plan = plans.get(p.date);
    if (!plan) { plan = planDay(model, day); plans.set(p.date, plan); }
    const cls = shapeClassOf(day);
    const share = model.shapes[cls][p.hour]! * (plan.profile?.[p.hour] ?? 1);
    const mean = Number.isFinite(plan.logMean) ? Math.exp(plan.logMean) * share : 0;
    const usual = Number.isFinite(plan.usualLog) ? Math.exp(plan.usualLog) * model.shapes.workday[p.hour]! : 0;
    const { low, high } = countInterval(mean, model.invK, plan.sigma2 + model.shapeVar[cls][p.hour]!);
    return { at, hour: isoInZone(at, tz), expected: round2(mean), low: round2(low), high: round2(high), day, localHour: p.hour, usual };
  });
}
