/**
 * @module Duty rotation schedules (pure): per-weekday assignment or an N-week rotation anchored on a date,
 * evaluated on the local date of an instant in the org time zone (shared/calendar zone maths).
 */
import { z } from 'zod';
import { daysBetween, isoWeekday, localParts } from '../../../shared/calendar/zone';

export const Rotation = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('weekdays'), days: z.array(z.number().int().min(1).max(7)).min(1) }),
  z.object({
    kind: z.literal('weekly'),
    /** A Monday (local date) that starts slot 0. */
    anchor: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    every: z.number().int().min(1).max(52),
    slot: z.number().int().min(0),
  }),
  z.object({ kind: z.literal('always') }),
]);
export type Rotation = z.infer<typeof Rotation>;

/** Does the rotation put the group on duty at `at` (local date in `timeZone`)? */
export function rotationCovers(rotation: Rotation, at: number, timeZone: string): boolean {
  const date = localParts(at, timeZone).date;
  switch (rotation.kind) {
    case 'always': return true;
    case 'weekdays': return rotation.days.includes(isoWeekday(date));
    case 'weekly': {
      const week = Math.floor(daysBetween(rotation.anchor, date) / 7);
      return ((week % rotation.every) + rotation.every) % rotation.every === rotation.slot % rotation.every;
    }
  }
}

export function parseRotation(json: string): Rotation | null {
  try { const r = Rotation.safeParse(JSON.parse(json)); return r.success ? r.data : null; } catch { return null; }
}
