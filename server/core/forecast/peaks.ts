/**
 * @module The hours the automatic escalation sensitivity applies to (registry group `forecast.peaks`): the
 * organisation forecast's busiest tenth of the next 7 days when there are ≥ 4 weeks of history, else the
 * history-based suggestion (the 3 busiest hours of day over the last 30 days). Refreshed daily by a job and
 * when an admin turns the automation on (refresh-peaks.ts); read on every customer message.
 */
import type { Queries } from '../ports/queries';
import { SETTINGS, type ForecastPeaks } from '../config/catalogue';
import { readSettingIn } from '../config/settings';

/** Days the stored peaks look ahead, and the share of those hours called peaks. */
export const PEAK_DAYS = 7;
export const PEAK_SHARE = 0.1;

export type StoredPeaks = ForecastPeaks;

/** One lookup set per stored value (the registry hands out the same object until the stored text changes). */
const sets = new WeakMap<ForecastPeaks, Set<number>>();

export type LoadedPeaks = StoredPeaks & { set: ReadonlySet<number> };

/** The stored peaks with a lookup set of their hour starts (undefined until first computed), in a unit of work. */
export async function loadPeaksIn(q: Queries): Promise<LoadedPeaks | undefined> {
  return withSet(await readSettingIn(q, SETTINGS.forecastPeaks));
}

function withSet(peaks: StoredPeaks | undefined): LoadedPeaks | undefined {
  if (!peaks) return undefined;
  let set = sets.get(peaks);
  if (!set) { set = new Set(peaks.hourStarts); sets.set(peaks, set); }
  return { ...peaks, set };
}
