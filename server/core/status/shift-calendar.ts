/** @module An agent's shift calendar: their own (`agent_shifts.calendar` JSON) or, without one, the given fallback. */
import { CalendarConfigSchema, type CalendarConfig } from '../../../shared/calendar/index';

export function shiftCalendar(json: string | null | undefined, fallback: CalendarConfig): CalendarConfig {
  if (!json) return fallback;
  try {
    const parsed = CalendarConfigSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : fallback;
  } catch { return fallback; }
}
