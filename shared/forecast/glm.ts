/**
 * @module A small penalised log-link regression for daily message totals: iteratively reweighted least
 * squares with a negative-binomial variance (μ + s²μ²), Gaussian priors on the coefficients (ridge towards a
 * prior mean), time-decay weights and Huber-type weights that take outlier days (spikes, outages) out.
 */

/** Inverse of a small symmetric positive-definite matrix (Gauss–Jordan with partial pivoting). */
export function invert(m: number[][]): number[][] {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    [a[c], a[p]] = [a[p]!, a[c]!];
    const pivot = a[c]![c]! || 1e-12;
    for (let j = 0; j < 2 * n; j++) a[c]![j]! /= pivot;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r]![c]!;
      if (f !== 0) for (let j = 0; j < 2 * n; j++) a[r]![j]! -= f * a[c]![j]!;
    }
  }
  return a.map((row) => row.slice(n));
}

/** A day: design row, observed total, weight and a fixed log offset (known effects, default 0). */
export interface GlmRow { x: number[]; y: number; weight: number; offset?: number }
export interface GlmPrior { mean: number; sd: number }

export interface GlmFit {
  beta: number[];
  /** Covariance of the coefficients (inverse penalised information). */
  cov: number[][];
  /** Day-level log-scale variance beyond Poisson (s² in μ + s²μ²). */
  s2: number;
  /** Final robustness weight per row (1 = fully used). */
  robust: number[];
}

const HUBER = 2.5;

function fitOnce(rows: GlmRow[], priors: (GlmPrior | null)[], s2: number, robust: number[], start: number[]): { beta: number[]; cov: number[][] } {
  const p = priors.length;
  let beta = [...start];
  let cov: number[][] = [];
  for (let iter = 0; iter < 25; iter++) {
    const xtwx = Array.from({ length: p }, () => Array<number>(p).fill(0));
    const xtwz = Array<number>(p).fill(0);
    rows.forEach((r, i) => {
      const eta = r.x.reduce((s, xj, j) => s + xj * beta[j]!, 0);
      const mu = Math.exp(Math.min(eta + (r.offset ?? 0), 30));
      const w = r.weight * robust[i]! * mu / (1 + s2 * mu);
      if (w <= 0) return;
      const z = eta + (r.y - mu) / mu;
      for (let j = 0; j < p; j++) {
        const wx = w * r.x[j]!;
        if (wx === 0) continue;
        xtwz[j]! += wx * z;
        for (let k = 0; k < p; k++) xtwx[j]![k]! += wx * r.x[k]!;
      }
    });
    priors.forEach((pr, j) => {
      if (!pr) { xtwx[j]![j]! += 1e-8; return; }
      xtwx[j]![j]! += 1 / pr.sd ** 2;
      xtwz[j]! += pr.mean / pr.sd ** 2;
    });
    cov = invert(xtwx);
    const next = cov.map((row) => row.reduce((s, c, k) => s + c * xtwz[k]!, 0));
    const delta = Math.max(...next.map((b, j) => Math.abs(b - beta[j]!)));
    beta = next;
    if (delta < 1e-7) break;
  }
  return { beta, cov };
}

/** Moment estimate of s² from Pearson-type residuals, ignoring down-weighted rows. */
function estimateS2(rows: GlmRow[], beta: number[], robust: number[]): number {
  let num = 0, den = 0;
  rows.forEach((r, i) => {
    if (robust[i]! < 1 || r.weight <= 0) return;
    const mu = Math.exp(r.x.reduce((s, xj, j) => s + xj * beta[j]!, 0) + (r.offset ?? 0));
    num += r.weight * ((r.y - mu) ** 2 - mu);
    den += r.weight * mu * mu;
  });
  return den > 0 ? Math.min(Math.max(num / den, 0), 1) : 0;
}

/**
 * Fits log E[y] = x·β. `priors[j]` null leaves β_j free. Three passes: plain fit, then with s² and
 * robustness weights from the residuals, then again with the refined ones. s² is pooled with `s2Prior`
 * (worth `weight` rows), so a few days cannot claim to know the day-to-day noise (and the coefficients'
 * covariance) better than they do.
 */
export function fitGlm(rows: GlmRow[], priors: (GlmPrior | null)[], s2Prior = { value: 0.01, weight: 7 }): GlmFit {
  const p = priors.length;
  const meanY = rows.reduce((s, r) => s + r.y * r.weight, 0) / Math.max(1e-9, rows.reduce((s, r) => s + r.weight, 0));
  const start = priors.map((pr, j) => (j === 0 ? Math.log(Math.max(meanY, 0.1)) : pr?.mean ?? 0));
  let robust = rows.map(() => 1);
  let s2 = 0.01;
  let fit = fitOnce(rows, priors, s2, robust, start.slice(0, p));
  for (let pass = 0; pass < 3; pass++) {
    s2 = Math.max(estimateS2(rows, fit.beta, robust), 0.0004);
    robust = rows.map((r) => {
      const mu = Math.exp(r.x.reduce((s, xj, j) => s + xj * fit.beta[j]!, 0) + (r.offset ?? 0));
      const z = Math.abs(r.y - mu) / Math.sqrt(mu * (1 + s2 * mu));
      return z <= HUBER ? 1 : z > 4 * HUBER ? 0 : HUBER / z;
    });
    fit = fitOnce(rows, priors, s2, robust, fit.beta);
  }
  const used = robust.reduce((s, r) => s + (r > 0 ? 1 : 0), 0);
  s2 = (used * s2 + s2Prior.weight * s2Prior.value) / (used + s2Prior.weight);
  fit = fitOnce(rows, priors, s2, robust, fit.beta);
  return { ...fit, s2, robust };
}
