/**
 * @module `nextWindowStart`: the first instant at or after `ms` whose calendar window is one of `windows` (lunch,
 * night, weekend, holiday) — the moment an off-hours message is about, so its preview can say what it will say then
 * ("午休…13:30 恢复") instead of what it would say now, in open hours.
 */
import type { CalendarWindow } from '../domain/vocabulary';
import type { CalendarConfig } from './schema';
import { spansForward } from './timeline';
import { windowAt } from './window';

const STEP_MS = 3 * 3_600_000;
const MAX_STRETCHES = 800;

/** Within each closed stretch (closing → next opening) the label follows the local day: sample it every 3 h. */
export function nextWindowStart(config: CalendarConfig, windows: readonly Exclude<CalendarWindow, 'open'>[], ms: number): number | undefined {
  const wanted = (at: number) => windows.includes(windowAt(config, new Date(at)).window as Exclude<CalendarWindow, 'open'>);
  if (wanted(ms)) return ms;
  let prevEnd: number | undefined;
  let seen = 0;
  for (const span of spansForward(config, ms)) {
    if (prevEnd !== undefined && span.start > ms) {
      for (let at = Math.max(prevEnd, ms); at < span.start; at = Math.min(at + STEP_MS, span.start)) {
        if (wanted(at)) return at;
        if (at + STEP_MS >= span.start) break;
      }
    }
    prevEnd = span.end;
    if (++seen > MAX_STRETCHES) return undefined;
  }
  return undefined;
}
