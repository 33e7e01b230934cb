/**
 * @module Forecast settings (registry group `forecast`, see config/catalogue.ts): the staffing target (share answered
 * within a time, Erlang C), the handling time used until enough is measured, the automatic escalation sensitivity
 * in forecast peak hours (off until an admin enables it) and the weekly "next week" card to the duty manager.
 */
import type { Store } from '../db/index';
import type { Queries } from '../core/ports/queries';
import type { Tx } from '../core/ports/unit-of-work';
import { SETTINGS, type ForecastSettings } from '../config/catalogue';
import { readSetting, readSettingIn, writeSetting, writeSettingIn } from '../config/settings';
import { audit, writeAudit } from '../services/audit';

/** The forecast settings in a unit of work (either engine). */
export function loadForecastSettingsIn(q: Queries): Promise<ForecastSettings> {
  return readSettingIn(q, SETTINGS.forecast);
}

/** Saves a partial change (validated, audited in the same transaction) and returns the full settings. */
export async function saveForecastSettingsIn(tx: Tx, patch: Partial<ForecastSettings>, by: string, at: number): Promise<ForecastSettings> {
  const before = await loadForecastSettingsIn(tx);
  const next = await writeSettingIn(tx, SETTINGS.forecast, { ...before, ...patch }, { at, by });
  await writeAudit(tx, { at, actor: by, action: 'settings.forecast', target: SETTINGS.forecast.key, before, after: next });
  return next;
}

/** @deprecated synchronous twin for server/routes/admin/forecast.ts, server/services/escalation-sensitivity.ts until they are converted */
export function loadForecastSettings(store: Store): ForecastSettings {
  return readSetting(store, SETTINGS.forecast);
}

/** @deprecated synchronous twin for server/routes/admin/forecast.ts until it is converted */
export function saveForecastSettings(store: Store, patch: Partial<ForecastSettings>, by: string, at: number): ForecastSettings {
  const before = loadForecastSettings(store);
  const next = writeSetting(store, SETTINGS.forecast, { ...before, ...patch }, { at, by });
  audit(store, { at, actor: by, action: 'settings.forecast', target: SETTINGS.forecast.key, before, after: next });
  return next;
}
