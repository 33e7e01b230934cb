/**
 * @module The 80 % interval of an hour's count: a negative binomial with the forecast mean and a variance
 * that adds day-level and model uncertainty (log scale, σ²) to the hour-level over-dispersion (1/k):
 * Var = μ + μ²·(1/k + e^{σ²} − 1). Counts are whole numbers, so each bound is the whole number whose tail
 * is nearest 10 %; the bounds always enclose the mean.
 */

export const INTERVAL_LEVEL = 0.8;

function normalQuantile(p: number): number {
  // Acklam's rational approximation (|error| < 1.2e-9).
  const a = [-39.6968302866538, 220.946098424521, -275.928510446969, 138.357751867269, -30.6647980661472, 2.50662827745924];
  const b = [-54.4760987982241, 161.585836858041, -155.698979859887, 66.8013118877197, -13.2806815528857];
  const c = [-0.00778489400243029, -0.322396458041136, -2.40075827716184, -2.54973253934373, 4.37466414146497, 2.93816398269878];
  const d = [0.00778469570904146, 0.32246712907004, 2.445134137143, 3.75440866190742];
  const q = p < 0.5 ? p : 1 - p;
  let x: number;
  if (q < 0.02425) {
    const t = Math.sqrt(-2 * Math.log(q));
    x = (((((c[0]! * t + c[1]!) * t + c[2]!) * t + c[3]!) * t + c[4]!) * t + c[5]!) / ((((d[0]! * t + d[1]!) * t + d[2]!) * t + d[3]!) * t + 1);
    x = -x;
  } else {
    const t = q - 0.5, r = t * t;
    x = (((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * t / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  }
  return p < 0.5 ? x : -x;
}

/** Cumulative probabilities P(Y ≤ k) for k = 0, 1, … until `upTo` is passed (negative binomial, or Poisson when r is huge). */
function cdfUntil(mean: number, r: number, upTo: number): number[] {
  const poissonLike = !Number.isFinite(r) || r > 1e7;
  const q = poissonLike ? 0 : mean / (r + mean);
  let logP = poissonLike ? -mean : r * Math.log(r / (r + mean));
  const out: number[] = [];
  let cum = 0;
  for (let k = 0; k < 100_000; k++) {
    cum += Math.exp(logP);
    out.push(Math.min(cum, 1));
    if (cum >= upTo) break;
    logP += poissonLike ? Math.log(mean / (k + 1)) : Math.log(((k + r) / (k + 1)) * q);
  }
  return out;
}

/**
 * Whole-number bounds: the classical tail quantiles and their inner neighbours are candidates; the pair whose
 * coverage P(low ≤ Y ≤ high) is nearest the level wins (small counts would otherwise cover far more than 80 %).
 */
function wholeBounds(cdf: number[], tailP: number): Interval {
  const below = (k: number) => (k <= 0 ? 0 : cdf[Math.min(k, cdf.length) - 1]!);
  let lo = 0;
  while (lo + 1 < cdf.length && below(lo + 1) <= tailP) lo++;
  let hi = 0;
  while (hi < cdf.length - 1 && cdf[hi]! < 1 - tailP) hi++;
  let best: Interval = { low: lo, high: hi }, bestGap = Number.POSITIVE_INFINITY;
  for (const l of [lo, lo + 1]) {
    for (const h of [hi, hi - 1]) {
      if (h < l) continue;
      const lowerTail = below(l), upperTail = 1 - cdf[h]!;
      const gap = Math.abs(1 - lowerTail - upperTail - INTERVAL_LEVEL) + 0.25 * Math.abs(lowerTail - upperTail);
      if (gap < bestGap - 1e-12) { best = { low: l, high: h }; bestGap = gap; }
    }
  }
  return best;
}

export interface Interval { low: number; high: number }

/** The central 80 % interval of a count with mean `mean`, hour-level 1/k `invK` and log-scale variance `sigma2`. */
export function countInterval(mean: number, invK: number, sigma2: number): Interval {
  if (!(mean > 0)) return { low: 0, high: 0 };
  const extra = invK + Math.expm1(Math.min(sigma2, 5));
  const variance = mean + mean * mean * extra;
  const tailP = (1 - INTERVAL_LEVEL) / 2;
  if (mean > 2000) {
    // Normal approximation on the log scale keeps the right skew of large counts.
    const s = Math.sqrt(Math.log(1 + variance / (mean * mean)));
    const m = Math.log(mean) - s * s / 2, z = normalQuantile(1 - tailP);
    return { low: Math.min(Math.round(Math.exp(m - z * s)), mean), high: Math.max(Math.round(Math.exp(m + z * s)), mean) };
  }
  const r = extra > 0 ? 1 / extra : Number.POSITIVE_INFINITY;
  const cdf = cdfUntil(mean, r, 1 - tailP / 4);
  const { low, high } = wholeBounds(cdf, tailP);
  return { low: Math.min(low, mean), high: Math.max(high, mean) };
}
