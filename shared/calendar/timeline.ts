/**
 * @module The opening spans of a calendar as one ordered timeline of instants: which span holds an
 * instant, the previous closing and the next opening (bounded search, ~400 days).
 */
import { dayInfo, type OpenSpan } from './days';
import type { CalendarConfig } from './schema';
import { addDays, localParts } from './zone';

/** How far `nextOpenAt` / `addOpenTime` look ahead (and stretches look back). */
export const SEARCH_LIMIT_DAYS = 400;

export function localDateOf(config: CalendarConfig, ms: number): string {
  return localParts(ms, config.timeZone).date;
}

/** Spans in time order, starting with the day before `ms` (its overnight span may cover `ms`). */
export function* spansForward(config: CalendarConfig, ms: number, limitDays = SEARCH_LIMIT_DAYS): Generator<OpenSpan> {
  let date = addDays(localDateOf(config, ms), -1);
  for (let i = 0; i <= limitDays + 1; i++) {
    const info = dayInfo(config, date);
    for (const span of info.spans) yield span;
    date = info.nextDate;
  }
}

/** Spans in reverse time order, starting with the last span of `ms`'s own day. */
export function* spansBackward(config: CalendarConfig, ms: number, limitDays = SEARCH_LIMIT_DAYS): Generator<OpenSpan> {
  let date = localDateOf(config, ms);
  for (let i = 0; i <= limitDays; i++) {
    const info = dayInfo(config, date);
    for (let k = info.spans.length - 1; k >= 0; k--) {
      const span = info.spans[k];
      if (span) yield span;
    }
    date = info.prevDate;
  }
}

/** The opening span containing `ms` (start inclusive, end exclusive), if any. */
export function openSpanAt(config: CalendarConfig, ms: number): OpenSpan | undefined {
  const today = dayInfo(config, localDateOf(config, ms));
  for (const info of [dayInfo(config, today.prevDate), today]) {
    for (const span of info.spans) if (span.start <= ms && ms < span.end) return span;
  }
  return undefined;
}

/** Earliest opening at or after `ms`, or undefined within the search limit. */
export function nextOpenStart(config: CalendarConfig, ms: number): number | undefined {
  for (const span of spansForward(config, ms)) if (span.start >= ms) return span.start;
  return undefined;
}

/** Latest closing at or before `ms`, or undefined within the search limit (spans never overlap). */
export function prevCloseEnd(config: CalendarConfig, ms: number): number | undefined {
  for (const span of spansBackward(config, ms)) if (span.end <= ms) return span.end;
  return undefined;
}
