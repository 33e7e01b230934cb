/** @module Random draws for generated histories: uniform ranges, normal, gamma and Poisson from one seeded PRNG. */
export type Rand = () => number;

export const uniform = (rand: Rand, lo: number, hi: number) => lo + (hi - lo) * rand();

export function normal(rand: Rand): number {
  let u = 0;
  while (u === 0) u = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** Gamma(shape, scale 1) by Marsaglia–Tsang. */
export function gamma(rand: Rand, shape: number): number {
  if (shape < 1) return gamma(rand, shape + 1) * rand() ** (1 / shape);
  const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do { x = normal(rand); v = 1 + c * x; } while (v <= 0);
    v = v * v * v;
    const u = rand();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

function logFactorial(k: number): number {
  if (k >= 10) return k * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI * k) + 1 / (12 * k);
  let s = 0;
  for (let i = 2; i <= k; i++) s += Math.log(i);
  return s;
}

/** Poisson by inversion for small means, Hörmann's PTRS rejection for large ones. */
export function poisson(rand: Rand, mean: number): number {
  if (mean <= 0) return 0;
  if (mean < 30) {
    let k = 0, p = Math.exp(-mean), s = p;
    const u = rand();
    while (u > s && k < 1000) { k++; p *= mean / k; s += p; }
    return k;
  }
  const slam = Math.sqrt(mean), loglam = Math.log(mean);
  const b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b, invalpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rand() - 0.5, v = rand(), us = 0.5 - Math.abs(u);
    const k = Math.floor((2 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -mean + k * loglam - logFactorial(k)) return k;
  }
}

/** Negative binomial with mean `mean` and shape `k` (Var = mean + mean²/k), as a gamma–Poisson mixture. */
export function negativeBinomial(rand: Rand, mean: number, k: number): number {
  if (mean <= 0) return 0;
  return poisson(rand, mean * gamma(rand, k) / k);
}
