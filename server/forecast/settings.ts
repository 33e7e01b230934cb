/**
 * @module Forecast settings (`app_settings` key `forecast`): the staffing target (share answered within a
 * time, Erlang C), the handling time used until enough is measured, the automatic escalation sensitivity in
 * forecast peak hours (off until an admin enables it) and the weekly "next week" card to the duty manager.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Store } from '../db/index';
import { appSettings } from '../db/schema/index';
import { writeSetting } from '../engine/org-config';
import { audit } from '../services/audit';

export const FORECAST_SETTING = 'forecast';

export const ForecastSettings = z.object({
  /** Answer within this many seconds … */
  targetAnswerSec: z.number().int().min(5).max(3600).default(90),
  /** … for this share of customer messages (Erlang C service level). */
  serviceLevel: z.number().min(0.5).max(0.99).default(0.8),
  /** Agent handling time per customer message, used while fewer than `MIN_HANDLE_SAMPLES` replies are measured. */
  handleSec: z.number().int().min(5).max(3600).default(60),
  /** Shorten escalation stages in forecast peak hours automatically. */
  autoSensitivity: z.boolean().default(false),
  sensitivityPercent: z.number().int().min(1).max(200).default(20),
  /** Send the duty manager a "next week" card every Friday afternoon. */
  weeklySummary: z.boolean().default(true),
});
export type ForecastSettings = z.infer<typeof ForecastSettings>;

/** The stored text of a setting (one prepared statement; callers memoise their parse on it). */
export function rawSetting(store: Store, key: string): string | undefined {
  return store.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, key)).get()?.value;
}

let cache: { raw: string | undefined; parsed: ForecastSettings } | undefined;

/** Read on every customer message (escalation arming), so parsed once per stored text. */
export function loadForecastSettings(store: Store): ForecastSettings {
  const raw = rawSetting(store, FORECAST_SETTING);
  if (cache && cache.raw === raw) return cache.parsed;
  let value: unknown;
  try { value = raw === undefined ? {} : JSON.parse(raw); } catch { value = {}; }
  const parsed = ForecastSettings.safeParse(value);
  cache = { raw, parsed: parsed.success ? parsed.data : ForecastSettings.parse({}) };
  return cache.parsed;
}

/** Saves a partial change (validated, audited) and returns the full settings. */
export function saveForecastSettings(store: Store, patch: Partial<ForecastSettings>, by: string, at: number): ForecastSettings {
  const before = loadForecastSettings(store);
  const next = ForecastSettings.parse({ ...before, ...patch });
  writeSetting(store, FORECAST_SETTING, next, at, by);
  audit(store, { at, actor: by, action: 'settings.forecast', target: FORECAST_SETTING, before, after: next });
  return next;
}
