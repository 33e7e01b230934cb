/**
 * @module Generated inbound-load histories (seeded): a daily shape, weekday profile, trend, statutory
 * holidays of random depth, 调休 make-up days, the rush before and the backlog after a long holiday,
 * day-level and hour-level noise and the odd spike. Effect sizes are drawn per seed, so tests of the
 * forecast run over many differently shaped desks; the demo seeds its history from one fixed draw.
 */
import { seededRandom } from '../domain/random';
import { addDays, zonedInstant, type CalendarConfig } from '../calendar/index';
import { loadDays } from './day-types';
import { negativeBinomial, normal, uniform, type Rand } from './sampling';

export interface LoadEffects {
  /** Expected messages on an average ordinary workday at the start date. */
  level: number;
  /** Daily factor by ISO weekday (index 0 = Monday); Monday–Friday average 1. */
  weekday: number[];
  /** Multiplicative growth per week (0.02 = +2 % a week). */
  trendPerWeek: number;
  /** Range of the load on a holiday relative to an ordinary workday, drawn per holiday. */
  holidayDepth: [number, number];
  /** Last workday before a long holiday, and first after it (× the day's usual load). */
  rush: number;
  backlog: number;
  /** Share of the backlog's extra load that lands in the morning (the rest follows the usual shape). */
  backlogMorning: number;
  /** The second workday after a long holiday keeps this part of the backlog's extra. */
  backlogTail: number;
  /** A 调休 make-up day × an ordinary Monday. */
  makeup: number;
  /** Hour-level negative-binomial shape (smaller = noisier) and day-level log-normal noise. */
  hourShape: number;
  dayNoise: number;
  /** Chance per day of one spike hour (× 3–6). */
  spikeRate: number;
  /** Share of each hour of the day (sums to 1). */
  workdayShape: number[];
  weekendShape: number[];
}

const bump = (h: number, mean: number, sd: number) => Math.exp(-0.5 * ((h + 0.5 - mean) / sd) ** 2);

function normalise(xs: number[]): number[] {
  const s = xs.reduce((a, b) => a + b, 0);
  return xs.map((x) => x / s);
}

function drawShapes(rand: Rand): Pick<LoadEffects, 'workdayShape' | 'weekendShape'> {
  const m1 = uniform(rand, 9.5, 11), m2 = uniform(rand, 14.5, 16.5), m3 = uniform(rand, 19.5, 21.5);
  const a2 = uniform(rand, 0.6, 1.05), a3 = uniform(rand, 0.2, 0.6), floor = uniform(rand, 0.03, 0.1);
  const workdayShape = normalise(Array.from({ length: 24 }, (_, h) =>
    floor + bump(h, m1, 1.5) + a2 * bump(h, m2, 2) + a3 * bump(h, m3, 1.5)));
  const w1 = uniform(rand, 10.5, 12.5), w2 = uniform(rand, 15, 17.5);
  const weekendShape = normalise(Array.from({ length: 24 }, (_, h) =>
    floor * 1.5 + bump(h, w1, 2.5) + uniform(rand, 0.6, 1) * bump(h, w2, 2.5) + a3 * 1.2 * bump(h, m3, 1.5)));
  return { workdayShape, weekendShape };
}

/** Effect sizes drawn at random from `seed`. */
export function drawLoadEffects(seed: number, overrides: Partial<LoadEffects> = {}): LoadEffects {
  const rand = seededRandom(seed * 7919 + 17);
  const wd = [uniform(rand, 1, 1.25), uniform(rand, 0.9, 1.1), uniform(rand, 0.9, 1.1), uniform(rand, 0.9, 1.1), uniform(rand, 0.85, 1.05)];
  const mean = wd.reduce((a, b) => a + b, 0) / 5;
  const lo = uniform(rand, 0.12, 0.35);
  return {
    level: uniform(rand, 250, 600),
    weekday: [...wd.map((x) => x / mean), uniform(rand, 0.35, 0.8), uniform(rand, 0.3, 0.75)],
    trendPerWeek: uniform(rand, -0.01, 0.03),
    holidayDepth: [lo, lo + uniform(rand, 0.1, 0.35)],
    rush: uniform(rand, 1.15, 1.6),
    backlog: uniform(rand, 1.4, 2.3),
    backlogMorning: uniform(rand, 0.2, 1),
    backlogTail: uniform(rand, 0, 0.3),
    makeup: uniform(rand, 0.85, 1.05),
    hourShape: uniform(rand, 8, 80),
    dayNoise: uniform(rand, 0.02, 0.1),
    spikeRate: uniform(rand, 0, 0.04),
    ...drawShapes(rand),
    ...overrides,
  };
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export interface GeneratedLoad {
  /** Sampled messages per hour start (epoch ms), every hour of the range. */
  hours: { at: number; count: number }[];
  /** The generating mean of each hour (same order). */
  expected: number[];
}

/**
 * Hourly inbound counts for local dates [from, to) in the calendar's zone. Per-holiday depths depend only
 * on (seed, holiday), so two ranges drawn with one seed agree on every holiday.
 */
export function generateLoad(config: CalendarConfig, effects: LoadEffects, seed: number, from: string, to: string): GeneratedLoad {
  const rand = seededRandom(seed);
  const tz = config.timeZone;
  const days = loadDays(config, addDays(from, -3), to).filter((d) => d.date >= from && d.date < to);
  const t0 = zonedInstant(from, 0, tz);
  const morning = normalise(Array.from({ length: 24 }, (_, h) => bump(h, 10, 1.8)));
  const hours: GeneratedLoad['hours'] = [];
  const expected: number[] = [];
  let previous: (typeof days)[number] | undefined;
  for (const day of days) {
    const start = zonedInstant(day.date, 0, tz);
    const weeks = (start - t0) / (7 * 86_400_000);
    const level = effects.level * (1 + effects.trendPerWeek) ** weeks;
    let total: number;
    let shape = day.base === 'holiday' || day.base === 'saturday' || day.base === 'sunday' ? effects.weekendShape : effects.workdayShape;
    if (day.base === 'holiday') {
      const r = seededRandom(seed ^ hashString(day.event ?? day.date))();
      total = level * uniform(() => r, effects.holidayDepth[0], effects.holidayDepth[1]);
    } else if (day.base === 'makeup') total = level * effects.weekday[0]! * effects.makeup;
    else total = level * effects.weekday[day.weekday - 1]!;
    if (day.type === 'pre_holiday' || day.alsoPre) total *= effects.rush;
    let extra = 0;
    if (day.type === 'post_holiday') extra = total * (effects.backlog - 1);
    else if (previous?.type === 'post_holiday' && day.base !== 'holiday' && day.base !== 'saturday' && day.base !== 'sunday') {
      extra = total * (effects.backlog - 1) * effects.backlogTail;
    }
    if (extra > 0) {
      const m = effects.backlogMorning;
      shape = shape.map((s, h) => (s * (total + extra * (1 - m)) + morning[h]! * extra * m) / (total + extra));
      total += extra;
    }
    const dayFactor = Math.exp(effects.dayNoise * normal(rand) - effects.dayNoise ** 2 / 2);
    const spikeHour = rand() < effects.spikeRate ? Math.floor(rand() * 24) : -1;
    for (let h = 0; h < 24; h++) {
      const at = zonedInstant(day.date, h * 60, tz);
      const mean = total * shape[h]!;
      let count = negativeBinomial(rand, mean * dayFactor, effects.hourShape);
      if (h === spikeHour) count = Math.round(count * uniform(rand, 3, 6));
      hours.push({ at, count });
      expected.push(mean);
    }
    previous = day;
  }
  return { hours, expected };
}
