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

function estimate(days: ShapeDay[], cap?: (d: ShapeDay, h: number, y: number) => number): Shapes {
  const usual = (d: ShapeDay) => d.day.type !== 'pre_holiday' && d.day.type !== 'post_holiday' && !d.day.secondAfter;
  const all = sums(days, usual, cap);
  const root = pooled(all.sum, all.total, flat(), ROOT_PSEUDO);
  const weekend = sums(days, (d) => usual(d) && shapeClassOf(d.day) !== 'workday', cap);
  const weekendShape = pooled(weekend.sum, weekend.total, root, PSEUDO);
  const of = (c: ShapeClass, parent: number[]) => {
    const s = sums(days, (d) => usual(d) && shapeClassOf(d.day) === c, cap);
    return pooled(s.sum, s.total, parent, PSEUDO);
  };
  return { workday: of('workday', root), saturday: of('saturday', weekendShape), sunday: of('sunday', weekendShape), holiday: of('holiday', weekendShape) };
}

/** Shapes with outlier hours clipped (second pass), and the hour-level 1/k. */
export function estimateShapes(days: ShapeDay[]): { shapes: Shapes; invK: number } {
  const first = estimate(days);
  const bound = (e: number) => e + 5 * Math.sqrt(e + e * e / 20) + 3;
  const cap = (d: ShapeDay, h: number, y: number) => Math.min(y, bound(d.total * first[shapeClassOf(d.day)][h]!));
  const shapes = estimate(days, cap);
  let num = 0, den = 0;
  for (const d of days) {
    if (d.day.type === 'pre_holiday' || d.day.type === 'post_holiday' || d.day.secondAfter || d.weight <= 0) continue;
    const shape = shapes[shapeClassOf(d.day)];
    for (let h = 0; h < 24; h++) {
      const e = d.total * shape[h]!;
      if (e < 1) continue;
      const y = Math.min(d.hours[h] ?? 0, bound(e));
      num += (y - e) ** 2 - e;
      den += e * e;
    }
  }
  return { shapes, invK: den > 0 ? Math.min(Math.max(num / den, 0), 1) : 0.05 };
}
