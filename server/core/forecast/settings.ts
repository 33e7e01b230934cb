/**
 * @module Forecast settings (registry group `forecast`, see config/catalogue.ts): the staffing target (share answered
 * within a time, Erlang C), the handling time used until enough is measured, the automatic escalation sensitivity
 * in forecast peak hours (off until an admin enables it) and the weekly "next week" card to the duty manager.
 */
import type { Queries } from '../ports/queries';
import type { Tx } from '../ports/unit-of-work';
import { SETTINGS, type ForecastSettings } from '../config/catalogue';
import { readSettingIn, writeSettingIn } from '../config/settings';
import { writeAudit } from '../services/audit';

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
