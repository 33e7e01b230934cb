/**
 * @module Special-day effects (holiday depth, 调休 day, pre-holiday rush, post-holiday backlog) as log-ratios
 * to the usual load, pooled over past occurrences with a between-occurrence spread (each holiday has its own
 * depth), shrunk towards a prior when history has few or none; and the hour-of-day profile of such days.
 */
import type { LoadDayType } from './day-types';

/** The special kinds of day with an effect of their own (`second_after`: the second workday after a long holiday). */
export type SpecialType = Extract<LoadDayType, 'holiday' | 'makeup' | 'pre_holiday' | 'post_holiday'> | 'second_after';

/** A pooled effect: log-ratio mean, spread between occurrences (τ²), uncertainty of the mean, occurrences seen. */
export interface PooledEffect { mean: number; tau2: number; varMean: number; n: number }

/** One past occurrence: its log-ratio and the sampling variance of that ratio. */
export interface Occurrence { r: number; v: number }

interface EffectPrior { mean: number; sd: number; tau: number }

/**
 * Priors (log scale) used when history shows few or no occurrences: holidays ~40 % of a workday, a make-up
 * day like a Monday, the rush ~+30 %, the backlog ~+50 %, the day after it as usual; τ is how much one
 * occurrence differs from another.
 */
export const EFFECT_PRIORS: Record<SpecialType, EffectPrior> = {
  holiday: { mean: Math.log(0.4), sd: 0.6, tau: 0.25 },
  makeup: { mean: 0, sd: 0.25, tau: 0.12 },
  pre_holiday: { mean: Math.log(1.3), sd: 0.3, tau: 0.12 },
  post_holiday: { mean: Math.log(1.5), sd: 0.35, tau: 0.15 },
  second_after: { mean: 0, sd: 0.15, tau: 0.08 },
};

const clampRatio = (r: number) => Math.min(Math.max(r, Math.log(0.02)), Math.log(8));

/** Random-effects pooling (inverse-variance weights with τ²), τ² re-estimated when there are ≥ 4 occurrences. */
export function poolEffect(type: SpecialType, occurrences: Occurrence[]): PooledEffect {
  const prior = EFFECT_PRIORS[type];
  const occ = occurrences.map((o) => ({ r: clampRatio(o.r), v: o.v }));
  let tau2 = prior.tau ** 2;
  if (occ.length >= 4) {
    const m = occ.reduce((s, o) => s + o.r, 0) / occ.length;
    const spread = occ.reduce((s, o) => s + (o.r - m) ** 2 - o.v, 0) / (occ.length - 1);
    tau2 = (Math.max(spread, 0.0025) * occ.length + tau2 * 3) / (occ.length + 3);
  }
  let precision = 1 / prior.sd ** 2, weighted = prior.mean / prior.sd ** 2;
  for (const o of occ) { precision += 1 / (tau2 + o.v); weighted += o.r / (tau2 + o.v); }
  return { mean: weighted / precision, tau2, varMean: 1 / precision, n: occ.length };
}

/** Log-ratio of observed to usual totals and its sampling variance (Poisson plus day noise). */
export function occurrence(observed: number, usual: number, days: number, s2Day: number): Occurrence {
  return { r: Math.log((observed + 0.5) / (usual + 0.5)), v: 1 / (observed + 1) + s2Day / Math.max(days, 1) };
}

/**
 * Updates a pooled effect with the days already seen of the occurrence in progress (a holiday half over):
 * its remaining days are expected to be like its first ones.
 */
export function inProgress(effect: PooledEffect, seen: Occurrence): { mean: number; variance: number } {
  const prior = effect.tau2 + effect.varMean;
  const mean = (effect.mean / prior + clampRatio(seen.r) / seen.v) / (1 / prior + 1 / seen.v);
  return { mean, variance: 1 / (1 / prior + 1 / seen.v) };
}

const smooth = (xs: number[]) => xs.map((x, h) => 0.25 * (xs[h - 1] ?? x) + 0.5 * x + 0.25 * (xs[h + 1] ?? x));

/** The prior hour profile of a post-holiday day: the backlog lands in the morning (上午积压). */
export function backlogPrior(): number[] {
  return Array.from({ length: 24 }, (_, h) => 1 + 0.8 * Math.exp(-0.5 * ((h + 0.5 - 10) / 2) ** 2));
}

/**
 * Hour multipliers of a special day on top of the usual shape: observed ÷ expected per hour (expected =
 * the day's own total spread by the usual shape), with `pseudo` messages per hour of the prior, smoothed
 * over neighbouring hours and normalised so the day's total is unchanged.
 */
export function hourProfile(shape: number[], days: { total: number; hours: ArrayLike<number> }[], prior: number[], pseudo = 15): number[] {
  const priorNorm = shape.reduce((s, p, h) => s + p * prior[h]!, 0) || 1;
  const raw = shape.map((p, h) => {
    let obs = 0, exp = 0;
    for (const d of days) { obs += d.hours[h] ?? 0; exp += d.total * p; }
    return (obs + pseudo * prior[h]! / priorNorm) / (exp + pseudo);
  });
  const m = smooth(raw);
  const norm = shape.reduce((s, p, h) => s + p * m[h]!, 0) || 1;
  return m.map((x) => x / norm);
}
