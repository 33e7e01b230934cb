/**
 * @module The forecast's recurring work as durable timers (the one job mechanism): refreshing the peak hours
 * every day shortly after midnight (and at start when stale), and the weekly "next week" card every Friday at 16:00
 * in the org zone. Each handler re-arms its next run in the same transaction, even when its work failed.
 */
import type { CoreDeps } from '../../app/deps';
import type { Tx } from '../ports/unit-of-work';
import type { TimerHandler } from '../timers/durable-timers';
import { armTimerIn } from '../timers/arm';
import { addDays, isoWeekday, localParts, zonedInstant } from '../../../shared/calendar/index';
import { forecastCalendarIn } from './calendar';
import { loadPeaksIn } from './peaks';
import { refreshPeaksIn } from './refresh-peaks';
import { loadForecastSettingsIn } from './settings';
import { queueWeeklySummary } from './weekly-summary';

export const FORECAST_PEAKS_JOB = 'forecast.peaks';
export const FORECAST_WEEKLY_JOB = 'forecast.weekly';
/** The weekly card goes out on this ISO weekday at this local minute (Friday 16:00). */
export const WEEKLY_AT = { weekday: 5, minute: 16 * 60 };
const PEAKS_MINUTE = 5;

type Ctx = Pick<CoreDeps, 'clock' | 'config' | 'log' | 'shared'>;

/** The next local `minute` of `weekday` (or of any day when `weekday` is undefined) strictly after `now`. */
export function nextLocal(now: number, timeZone: string, minute: number, weekday?: number): number {
  let date = localParts(now, timeZone).date;
  for (let i = 0; i < 9; i++, date = addDays(date, 1)) {
    const at = zonedInstant(date, minute, timeZone);
    if (at > now && (weekday === undefined || isoWeekday(date) === weekday)) return at;
  }
  return now + 86_400_000;
}

async function armPeaks(tx: Tx, now: number, dueAt: number): Promise<void> {
  await armTimerIn(tx, { kind: FORECAST_PEAKS_JOB, key: FORECAST_PEAKS_JOB, dueAt, now });
}

async function armWeekly(tx: Tx, now: number, timeZone: string): Promise<void> {
  await armTimerIn(tx, { kind: FORECAST_WEEKLY_JOB, key: FORECAST_WEEKLY_JOB, dueAt: nextLocal(now, timeZone, WEEKLY_AT.minute, WEEKLY_AT.weekday), now });
}

/** The work in a savepoint: when it fails its writes are undone, the failure is logged and the timer still re-arms. */
async function guarded(d: Ctx, tx: Tx, what: string, work: () => Promise<string>): Promise<string> {
  try { return await tx.savepoint(work); } catch (err) {
    d.log.error({ err }, `${what} failed`);
    return `error: ${err instanceof Error ? err.message : String(err)}`.slice(0, 200);
  }
}

export function registerForecastJobs(scheduler: { register(kind: string, h: TimerHandler): unknown }, d: Ctx): void {
  scheduler.register(FORECAST_PEAKS_JOB, async (tx, _t, now) => {
    const outcome = await guarded(d, tx, 'forecast peaks', async () => `peaks:${(await refreshPeaksIn(tx, d)).source}`);
    await armPeaks(tx, now, nextLocal(now, (await forecastCalendarIn(tx)).timeZone, PEAKS_MINUTE));
    return outcome;
  });
  scheduler.register(FORECAST_WEEKLY_JOB, async (tx, _t, now) => {
    const outcome = (await loadForecastSettingsIn(tx)).weeklySummary ? await guarded(d, tx, 'weekly forecast', () => queueWeeklySummary(d, tx, now)) : 'disabled';
    await armWeekly(tx, now, (await forecastCalendarIn(tx)).timeZone);
    return outcome;
  });
}

/**
 * Arms both jobs unless already pending (the card for Friday, the peaks for the next night), and refreshes
 * the peaks at once when they are missing or not from the last day (a restart, a demo time jump). One
 * transaction on the product's unit of work.
 */
export async function ensureForecastJobs(d: Ctx): Promise<void> {
  const now = d.clock.now();
  await d.shared.uow.run(async (tx) => {
    const tz = (await forecastCalendarIn(tx)).timeZone;
    const peaks = await loadPeaksIn(tx);
    if (!peaks || peaks.computedAt > now || now - peaks.computedAt > 86_400_000) {
      await guarded(d, tx, 'forecast peaks', async () => (await refreshPeaksIn(tx, d)).source);
    }
    await armPeaks(tx, now, nextLocal(now, tz, PEAKS_MINUTE));
    await armWeekly(tx, now, tz);
  });
}
