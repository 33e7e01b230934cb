/** @module Computes and stores the peak hours (see peaks.ts): the forecast's when history allows, else the history-based busiest hours. */
import type { CoreDeps } from '../deps';
import type { Store } from '../db/index';
import { SETTINGS } from '../config/catalogue';
import { writeSetting } from '../config/settings';
import { busiestHours, heatmap } from '../routes/admin/dashboard-compute';
import { peakHours, SHORT_HISTORY_DAYS } from '../../shared/forecast/index';
import { forecastCalendar } from './calendar';
import { forecastTeam } from './forecast-team';
import { PEAK_DAYS, PEAK_SHARE, type StoredPeaks } from './peaks';

type Ctx = Pick<CoreDeps, 'db' | 'clock'>;

/** Computes the peak hours now and stores them. */
export function refreshPeaks(ctx: Ctx, store: Store = ctx.db): StoredPeaks {
  const now = ctx.clock.now();
  const f = forecastTeam({ ctx, input: { days: PEAK_DAYS, actualDays: 0 }, store });
  let peaks: StoredPeaks;
  if (f.historyDays >= SHORT_HISTORY_DAYS) {
    peaks = { computedAt: now, source: 'forecast', hourStarts: peakHours(f.hours, PEAK_SHARE).map((h) => h.at), hoursOfDay: [] };
  } else {
    const cal = forecastCalendar(ctx);
    const hours = busiestHours(heatmap(ctx.db, cal, { from: now - 30 * 86_400_000, to: now, days: 30 }));
    peaks = { computedAt: now, source: 'history', hourStarts: [], hoursOfDay: hours };
  }
  writeSetting(store, SETTINGS.forecastPeaks, peaks, { at: now, by: 'system' });
  return peaks;
}
