/**
 * @module The daily shape (share of a day's messages in each local hour) per kind of day — workday,
 * Saturday, Sunday, holiday — pooled towards a parent shape when a kind has few messages, with outlier
 * hours clipped; and the hour-level over-dispersion (negative-binomial 1/k) around it.
 */
import type { LoadDay } from './day-types';

export type ShapeClass = 'workday' | 'saturday' | 'sunday' | 'holiday';
export type Shapes = Record<ShapeClass, number[]>;

export function shapeClassOf(day: Pick<LoadDay, 'base'>): ShapeClass {
  if (day.base === 'holiday' || day.base === 'saturday' || day.base === 'sunday') return day.base;
  return 'workday';
}

export interface ShapeDay { day: LoadDay; hours: ArrayLike<number>; total: number; weight: number }

/** Messages a class needs before its own shape outweighs its parent's. */
const PSEUDO = 300;
/** The root prior is flat and weak: one message's worth per hour. */
const ROOT_PSEUDO = 24;

const flat = () => Array<number>(24).fill(1 / 24);

function pooled(sum: number[], total: number, parent: number[], pseudo: number): number[] {
  return sum.map((s, h) => (s + pseudo * parent[h]!) / (total + pseudo));
}

function sums(days: ShapeDay[], keep: (d: ShapeDay) => boolean, cap?: (d: ShapeDay, h: number, y: number) => number) {
  const sum = Array<number>(24).fill(0);
  let total = 0;
  for (const d of days) {
    if (!keep(d)) continue;
    for (let h = 0; h < 24; h++) {
      const y = d.hours[h] ?? 0;
      const v = (cap ? cap(d, h, y) : y) * d.weight;
      sum[h]! += v;
      total += v;
    }
  }
  return { sum, total };
}

interface Level { shape: number[]; /** Messages behind each hour's share (own, plus what the parent lends). */ support: number[] }

function level(s: { sum: number[]; total: number }, parent: Level, pseudo: number): Level {
  const lend = Math.min(1, pseudo / Math.max(parent.support.reduce((a, b) => a + b, 0), 1));
  return { shape: pooled(s.sum, s.total, parent.shape, pseudo), support: s.sum.map((x, h) => x + lend * parent.support[h]!) };
}

function estimate(days: ShapeDay[], cap?: (d: ShapeDay, h: number, y: number) => number): { shapes: Shapes; shapeVar: Shapes } {
  const usual = (d: ShapeDay) => d.day.type !== 'pre_holiday' && d.day.type !== 'post_holiday' && !d.day.secondAfter;
  const all = sums(days, usual, cap);
  const root = level(all, { shape: flat(), support: Array<number>(24).fill(0) }, ROOT_PSEUDO);
  const weekend = level(sums(days, (d) => usual(d) && shapeClassOf(d.day) !== 'workday', cap), root, PSEUDO);
  const of = (c: ShapeClass, parent: Level) => level(sums(days, (d) => usual(d) && shapeClassOf(d.day) === c, cap), parent, PSEUDO);
  const classes = { workday: of('workday', root), saturday: of('saturday', weekend), sunday: of('sunday', weekend), holiday: of('holiday', weekend) };
  const map = (f: (l: Level) => number[]) => ({ workday: f(classes.workday), saturday: f(classes.saturday), sunday: f(classes.sunday), holiday: f(classes.holiday) });
  // Relative sampling variance of a share estimated from n messages ≈ 1/n (log scale).
  return { shapes: map((l) => l.shape), shapeVar: map((l) => l.support.map((n) => 1 / (1 + n))) };
}

/** A day's level from its hours that a single spike or gap cannot move: the weighted median of count ÷ share. */
function robustTotal(d: ShapeDay, shape: number[]): number {
  const xs = shape.map((p, h) => ({ r: (d.hours[h] ?? 0) / p, w: p })).filter((x) => x.w >= 0.02).sort((a, b) => a.r - b.r);
  const half = xs.reduce((s, x) => s + x.w, 0) / 2;
  let acc = 0;
  for (const x of xs) { acc += x.w; if (acc >= half) return x.r; }
  return d.total;
}

/** Shapes with outlier hours clipped (second pass), their log-scale sampling variance, and the hour-level 1/k. */
export function estimateShapes(days: ShapeDay[]): { shapes: Shapes; shapeVar: Shapes; invK: number } {
  const first = estimate(days).shapes;
  const bound = (e: number) => e + 4 * Math.sqrt(e + e * e / 20) + 3;
  const levels = new Map(days.map((d) => [d, robustTotal(d, first[shapeClassOf(d.day)])]));
  const cap = (d: ShapeDay, h: number, y: number) => Math.min(y, bound(levels.get(d)! * first[shapeClassOf(d.day)][h]!));
  const { shapes, shapeVar } = estimate(days, cap);
  let num = 0, den = 0;
  for (const d of days) {
    if (d.day.type === 'pre_holiday' || d.day.type === 'post_holiday' || d.day.secondAfter || d.weight <= 0) continue;
    // A day whose total is far from what its hours say (a spike, a gap) tells nothing about hour-level noise.
    if (Math.abs(d.total / Math.max(levels.get(d)!, 1) - 1) > 0.25) continue;
    const shape = shapes[shapeClassOf(d.day)];
    for (let h = 0; h < 24; h++) {
      const e = d.total * shape[h]!;
      if (e < 1) continue;
      const y = Math.min(d.hours[h] ?? 0, bound(e));
      num += (y - e) ** 2 - e;
      den += e * e;
    }
  }
  // Pooled with a prior 1/k of 0.03 worth a week of days, for the same reason as the day-level noise.
  const n = days.length, raw = den > 0 ? Math.min(Math.max(num / den, 0), 1) : 0.03;
  return { shapes, shapeVar, invK: (n * raw + 7 * 0.03) / (n + 7) };
}
