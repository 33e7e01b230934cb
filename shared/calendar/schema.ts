/**
 * @module The service-calendar configuration: zod schema, types and the validation rules
 * (HH:MM, overlapping / inverted intervals, time zone, duplicate dates).
 */
import { z } from 'zod';
import { isValidTimeZone, parseDate } from './zone';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Minutes since local midnight of an `HH:MM` string (`24:00` → 1440). */
export function parseHHMM(value: string): number {
  if (value === '24:00') return 1440;
  if (!HHMM.test(value)) throw new RangeError(`bad time "${value}" (expected HH:MM)`);
  return Number(value.slice(0, 2)) * 60 + Number(value.slice(3, 5));
}

/**
 * An opening interval. `end ≤ start` is an overnight span that belongs to the day it starts
 * (22:00–02:00); `overnight: false` forbids that reading, `overnight: true` is needed for a 24 h
 * span (`start === end`).
 */
export const OpenInterval = z
  .object({
    start: z.string().regex(HHMM, 'start must be HH:MM (00:00–23:59)'),
    end: z.string().refine((v) => v === '24:00' || HHMM.test(v), 'end must be HH:MM (00:00–24:00)'),
    overnight: z.boolean().optional(),
  })
  .superRefine((iv, ctx) => {
    if (!HHMM.test(iv.start) || !(iv.end === '24:00' || HHMM.test(iv.end))) return;
    const s = parseHHMM(iv.start), e = parseHHMM(iv.end);
    if (s === e && iv.overnight !== true) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: `zero-length interval ${iv.start}–${iv.end} (set overnight: true for a 24 h span)` });
    } else if (e < s && iv.overnight === false) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: `interval ${iv.start}–${iv.end} ends before it starts and is not overnight` });
    } else if (e > s && iv.overnight === true) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: `overnight interval ${iv.start}–${iv.end} must end at or before its start time` });
    }
  });
export type OpenInterval = z.infer<typeof OpenInterval>;

/** Minutes of an interval relative to the start of its own day; `end` may exceed 1440. */
export function intervalMinutes(iv: OpenInterval): { start: number; end: number } {
  const start = parseHHMM(iv.start);
  const end = parseHHMM(iv.end);
  return { start, end: end <= start ? end + 1440 : end };
}

function safeMinutes(iv: OpenInterval): { start: number; end: number } | undefined {
  try { return intervalMinutes(iv); } catch { return undefined; }
}

function checkOverlaps(list: OpenInterval[], ctx: z.RefinementCtx, path: (string | number)[]): void {
  const spans = list.map((iv, i) => {
    const m = safeMinutes(iv);
    return m && { i, iv, ...m };
  }).filter((x) => x !== undefined).sort((a, b) => a.start - b.start);
  for (let k = 1; k < spans.length; k++) {
    const prev = spans[k - 1], cur = spans[k];
    if (prev && cur && cur.start < prev.end) {
      ctx.addIssue({
        code: 'custom', path: [...path, cur.i],
        message: `interval ${cur.iv.start}–${cur.iv.end} overlaps ${prev.iv.start}–${prev.iv.end}`,
      });
    }
  }
}

/** Intervals of one day; overlapping intervals are rejected. */
export const DayHours = z.array(OpenInterval).superRefine((list, ctx) => checkOverlaps(list, ctx, []));
export type DayHours = z.infer<typeof DayHours>;

const LocalDate = z.string().refine((v) => parseDate(v) !== undefined, 'date must be a real YYYY-MM-DD date');

export const DateOverride = z.union([
  z.object({ date: LocalDate, closed: z.literal(true), note: z.string().optional() }),
  z.object({ date: LocalDate, hours: DayHours, note: z.string().optional() }),
]);
export type DateOverride = z.infer<typeof DateOverride>;

export const ImportedDay = z.object({
  date: LocalDate,
  kind: z.enum(['holiday', 'workday']),
  name: z.string().optional(),
});
export type ImportedDay = z.infer<typeof ImportedDay>;

const WEEKDAY_KEYS = ['1', '2', '3', '4', '5', '6', '7'] as const;
export type IsoWeekdayKey = (typeof WEEKDAY_KEYS)[number];

/** Weekly hours keyed by ISO weekday ("1" = Monday … "7" = Sunday); a missing day is closed. */
export const WeeklyHours = z.object({
  '1': DayHours.default([]), '2': DayHours.default([]), '3': DayHours.default([]),
  '4': DayHours.default([]), '5': DayHours.default([]), '6': DayHours.default([]),
  '7': DayHours.default([]),
});
export type WeeklyHours = z.infer<typeof WeeklyHours>;

function checkDuplicateDates(list: { date: string }[], ctx: z.RefinementCtx, key: string): void {
  const seen = new Map<string, number>();
  list.forEach((item, i) => {
    const first = seen.get(item.date);
    if (first !== undefined) {
      ctx.addIssue({ code: 'custom', path: [key, i, 'date'], message: `duplicate date ${item.date} (already at ${key}[${first}])` });
    } else seen.set(item.date, i);
  });
}

/** An overnight span of one weekday must not run into the next weekday's first interval. */
function checkWeekWrap(weekly: WeeklyHours, ctx: z.RefinementCtx): void {
  WEEKDAY_KEYS.forEach((key, idx) => {
    const nextKey = WEEKDAY_KEYS[(idx + 1) % 7] ?? '1';
    for (const iv of weekly[key]) {
      const end = safeMinutes(iv)?.end ?? 0;
      if (end <= 1440) continue;
      const clash = weekly[nextKey].find((n) => (safeMinutes(n)?.start ?? 1440) < end - 1440);
      if (clash) {
        ctx.addIssue({
          code: 'custom', path: ['weekly', key],
          message: `overnight interval ${iv.start}–${iv.end} runs into day ${nextKey}'s ${clash.start}–${clash.end}`,
        });
      }
    }
  });
}

export const CalendarConfigSchema = z
  .object({
    timeZone: z.string()
      .refine(isValidTimeZone, { error: (iss) => `unknown time zone "${String(iss.input)}" (expected an IANA name such as Asia/Shanghai)` })
      .default('Asia/Shanghai'),
    weekly: WeeklyHours,
    /** Hours of a 调休 make-up workday on a day with no weekly hours; default: Monday's hours. */
    makeupWorkdayHours: DayHours.optional(),
    useStatutoryHolidays: z.boolean().default(true),
    overrides: z.array(DateOverride).default([]),
    imported: z.array(ImportedDay).default([]),
  })
  .superRefine((cfg, ctx) => {
    checkDuplicateDates(cfg.overrides, ctx, 'overrides');
    checkDuplicateDates(cfg.imported, ctx, 'imported');
    checkWeekWrap(cfg.weekly, ctx);
  });

/** A validated calendar configuration (treat as immutable: results are cached per object). */
export type CalendarConfig = z.output<typeof CalendarConfigSchema>;
export type CalendarConfigInput = z.input<typeof CalendarConfigSchema>;

/** Parse + validate, throwing a ZodError with paths and messages on bad input. */
export function parseCalendarConfig(input: unknown): CalendarConfig {
  return CalendarConfigSchema.parse(input);
}
