/**
 * @module The hours the automatic escalation sensitivity applies to (`app_settings` key `forecast.peaks`):
 * the organisation forecast's busiest tenth of the next 7 days when there are ≥ 4 weeks of history, else the
 * history-based suggestion (the 3 busiest hours of day over the last 30 days). Refreshed daily by a job and
 * when an admin turns the automation on (refresh-peaks.ts); read on every customer message, so parsed once per stored text.
 */
import type { Store } from '../db/index';
import { rawSetting } from './settings';

export const FORECAST_PEAKS = 'forecast.peaks';
/** Days the stored peaks look ahead, and the share of those hours called peaks. */
export const PEAK_DAYS = 7;
export const PEAK_SHARE = 0.1;

export interface StoredPeaks {
  computedAt: number;
  source: 'forecast' | 'history';
  /** Hour starts (epoch ms) of the forecast's peak hours (source `forecast`). */
  hourStarts: number[];
  /** Hours of the day 0–23 (source `history`). */
  hoursOfDay: number[];
}

let cache: { raw: string | undefined; peaks: (StoredPeaks & { set: Set<number> }) | undefined } | undefined;

/** The stored peaks with a lookup set of their hour starts (undefined until first computed). */
export function loadPeaks(store: Store): (StoredPeaks & { set: Set<number> }) | undefined {
  const raw = rawSetting(store, FORECAST_PEAKS);
  if (cache && cache.raw === raw) return cache.peaks;
  let peaks: (StoredPeaks & { set: Set<number> }) | undefined;
  try {
    const p = raw === undefined ? undefined : JSON.parse(raw) as StoredPeaks;
    peaks = p ? { ...p, set: new Set(p.hourStarts) } : undefined;
  } catch { peaks = undefined; }
  cache = { raw, peaks };
  return peaks;
}
