/**
 * @module Forecast settings (registry group `forecast`, see config/catalogue.ts): the staffing target (share answered
 * within a time, Erlang C), the handling time used until enough is measured, the automatic escalation sensitivity
 * in forecast peak hours (off until an admin enables it) and the weekly "next week" card to the duty manager.
 */
import type { Store } from '../db/index';
import { SETTINGS, type ForecastSettings } from '../config/catalogue';
import { readSetting, writeSetting } from '../config/settings';
import { audit } from '../services/audit';

export function loadForecastSettings(store: Store): ForecastSettings {
  return readSetting(store, SETTINGS.forecast);
}

/** Saves a partial change (validated, audited) and returns the full settings. */
export function saveForecastSettings(store: Store, patch: Partial<ForecastSettings>, by: string, at: number): ForecastSettings {
  const before = loadForecastSettings(store);
  const next = writeSetting(store, SETTINGS.forecast, { ...before, ...patch }, { at, by });
  audit(store, { at, actor: by, action: 'settings.forecast', target: SETTINGS.forecast.key, before, after: next });
  return next;
}
