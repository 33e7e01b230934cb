/**
 * @module `<input type="datetime-local">` on the organisation's clock, not the device's: the picker's value
 * (`2026-11-26T13:30`) is read as a wall-clock time in the org zone. Pure.
 */
import { localParts, zonedInstant } from '../../../shared/calendar/zone';

const pad = (n: number) => String(n).padStart(2, '0');

/** The picker value showing instant `ms` in `timeZone`. */
export function toLocalInput(ms: number, timeZone: string): string {
  const p = localParts(ms, timeZone);
  return `${p.date}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** The instant a picker value means in `timeZone`; null for an empty or malformed value. */
export function fromLocalInput(value: string, timeZone: string): number | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/.exec(value);
  return m ? zonedInstant(m[1]!, Number(m[2]) * 60 + Number(m[3]), timeZone) : null;
}
