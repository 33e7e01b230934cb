/**
 * @module The forecast's recurring work as durable timers (the one job mechanism): refreshing the peak hours
 * every day shortly after midnight (and at start when stale), and the weekly "next week" card every Friday at 16:00
 * in the org zone. Each handler re-arms its next run in the same transaction, even when its work failed.
 */
import type { CoreDeps } from '../deps';
import type { Store, Tx } from '../db/index';
import { syncTimerHandler, type TimerHandler } from '../timers/durable-timers';
import { armTimer } from '../timers/arm';
import { addDays, isoWeekday, localParts, zonedInstant } from '../../shared/calendar/index';
import { forecastCalendar } from './calendar';
import { loadPeaks } from './peaks';
import { refreshPeaks } from './refresh-peaks';
import { loadForecastSettings } from './settings';
import { queueWeeklySummary } from './weekly-summary';

export const FORECAST_PEAKS_JOB = 'forecast.peaks';
export const FORECAST_WEEKLY_JOB = 'forecast.weekly';
/** The weekly card goes out on this ISO weekday at this local minute (Friday 16:00). */
export const WEEKLY_AT = { weekday: 5, minute: 16 * 60 };
const PEAKS_MINUTE = 5;

type Ctx = Pick<CoreDeps, 'db' | 'clock' | 'config' | 'log'>;

/** The next local `minute` of `weekday` (or of any day when `weekday` is undefined) strictly after `now`. */
export function nextLocal(now: number, timeZone: string, minute: number, weekday?: number): number {
  let date = localParts(now, timeZone).date;
  for (let i = 0; i < 9; i++, date = addDays(date, 1)) {
    const at = zonedInstant(date, minute, timeZone);
    if (at > now && (weekday === undefined || isoWeekday(date) === weekday)) return at;
  }
  return now + 86_400_000;
}

function armPeaks(store: Store, now: number, dueAt: number): void {
  armTimer(store, { kind: FORECAST_PEAKS_JOB, key: FORECAST_PEAKS_JOB, dueAt, now });
}

function armWeekly(store: Store, now: number, timeZone: string): void {
  armTimer(store, { kind: FORECAST_WEEKLY_JOB, key: FORECAST_WEEKLY_JOB, dueAt: nextLocal(now, timeZone, WEEKLY_AT.minute, WEEKLY_AT.weekday), now });
}

function guarded(d: Ctx, what: string, work: () => string): string {
  try { return work(); } catch (err) {
    d.log.error({ err }, `${what} failed`);
    return `error: ${err instanceof Error ? err.message : String(err)}`.slice(0, 200);
  }
}

export function registerForecastJobs(scheduler: { register(kind: string, h: TimerHandler): unknown }, d: Ctx): void {
  scheduler.register(FORECAST_PEAKS_JOB, syncTimerHandler(d.db, (tx: Tx, _t, now) => {
    const outcome = guarded(d, 'forecast peaks', () => `peaks:${refreshPeaks(d, tx).source}`);
    armPeaks(tx, now, nextLocal(now, forecastCalendar(d).timeZone, PEAKS_MINUTE));
    return outcome;
  }));
  scheduler.register(FORECAST_WEEKLY_JOB, syncTimerHandler(d.db, (tx: Tx, _t, now) => {
    const outcome = loadForecastSettings(tx).weeklySummary ? guarded(d, 'weekly forecast', () => queueWeeklySummary(d, tx, now)) : 'disabled';
    armWeekly(tx, now, forecastCalendar(d).timeZone);
    return outcome;
  }));
}

/**
 * Arms both jobs unless already pending (the card for Friday, the peaks for the next night), and refreshes
 * the peaks at once when they are missing or not from the last day (a restart, a demo time jump).
 */
export function ensureForecastJobs(d: Ctx): void {
  const now = d.clock.now();
  const tz = forecastCalendar(d).timeZone;
  d.db.transaction((tx) => {
    const peaks = loadPeaks(tx);
    if (!peaks || peaks.computedAt > now || now - peaks.computedAt > 86_400_000) guarded(d, 'forecast peaks', () => refreshPeaks(d, tx).source);
    armPeaks(tx, now, nextLocal(now, tz, PEAKS_MINUTE));
    armWeekly(tx, now, tz);
  });
}
