/** @module Computes and stores the peak hours (see peaks.ts): the forecast's when history allows, else the history-based busiest hours. */
import type { CoreDeps } from '../../app/deps';
import type { Tx } from '../ports/unit-of-work';
import { SETTINGS } from '../config/catalogue';
import { writeSettingIn } from '../config/settings';
import { busiestHours, heatmapIn } from '../dashboard/compute';
import { peakHours, SHORT_HISTORY_DAYS } from '../../../shared/forecast/index';
import { forecastCalendarIn } from './calendar';
import { forecastTeamIn, type TeamForecast } from './forecast-team';
import { PEAK_DAYS, PEAK_SHARE, type StoredPeaks } from './peaks';

type Ctx = Pick<CoreDeps, 'clock'>;

/** Computes the peak hours now and stores them, in the caller's transaction (either engine). */
export async function refreshPeaksIn(tx: Tx, ctx: Ctx): Promise<StoredPeaks> {
  const now = ctx.clock.now();
  const f = await forecastTeamIn(tx, { ctx, input: { days: PEAK_DAYS, actualDays: 0 } });
  let peaks: StoredPeaks;
  if (f.historyDays >= SHORT_HISTORY_DAYS) peaks = fromForecast(f, now);
  else {
    const cal = await forecastCalendarIn(tx);
    peaks = { computedAt: now, source: 'history', hourStarts: [], hoursOfDay: busiestHours(await heatmapIn(tx, cal, lastMonth(now))) };
  }
  await writeSettingIn(tx, SETTINGS.forecastPeaks, peaks, { at: now, by: 'system' });
  return peaks;
}

const fromForecast = (f: TeamForecast, now: number): StoredPeaks =>
  ({ computedAt: now, source: 'forecast', hourStarts: peakHours(f.hours, PEAK_SHARE).map((h) => h.at), hoursOfDay: [] });

const lastMonth = (now: number) => ({ from: now - 30 * 86_400_000, to: now, days: 30 });
