/**
 * @module Escalation sensitivity: in busy hours escalation delays are divided by (1 + percent/100) — +20 %
 * sensitivity fires 1.2× sooner. Two sources: when the admin enables the automatic mode (forecast settings),
 * the stored peak hours (`forecast.peaks`: the forecast's peak hours, or the history-based busiest hours of
 * day while history is short); otherwise the suggestion accepted on the dashboard (`escalation.sensitivity`).
 * `sensitiveDelay` is the one hook the escalation timers call (server/core/escalation/arm.ts) to apply it.
 */
import type { Queries } from '../ports/queries';
import { SETTINGS, type EscalationSensitivity } from '../config/catalogue';
import { readSettingIn } from '../config/settings';
import { localParts } from '../../../shared/calendar/index';
import { hourStart } from '../../../shared/forecast/index';
import { loadPeaksIn } from '../forecast/peaks';
import { loadForecastSettingsIn } from '../forecast/settings';

/** The sensitivity in force; `hourStarts` (the forecast's peak hours) replaces `hours` of the day when present. */
export type ActiveSensitivity = EscalationSensitivity & { hourStarts?: ReadonlySet<number> };

/** The sensitivity in force: the automatic forecast peaks when enabled and computed, else the accepted suggestion. */
export async function loadEscalationSensitivity(q: Queries): Promise<ActiveSensitivity | undefined> {
  const settings = await loadForecastSettingsIn(q);
  if (settings.autoSensitivity) {
    const peaks = await loadPeaksIn(q);
    if (peaks) {
      return {
        hours: peaks.source === 'history' ? peaks.hoursOfDay : [], percent: settings.sensitivityPercent,
        acceptedAt: peaks.computedAt, acceptedBy: `auto:${peaks.source}`,
        ...(peaks.source === 'forecast' ? { hourStarts: peaks.set } : {}),
      };
    }
  }
  return readSettingIn(q, SETTINGS.escalationSensitivity);
}

/** The delay to arm at `at`: shortened inside the sensitive hours (org time zone), unchanged elsewhere. */
export function sensitiveDelay(delayMs: number, at: number, timeZone: string, s: ActiveSensitivity | undefined): number {
  if (!s || s.percent <= 0) return delayMs;
  const inside = s.hourStarts ? s.hourStarts.has(hourStart(at, timeZone)) : s.hours.includes(localParts(at, timeZone).hour);
  return inside ? Math.round(delayMs / (1 + s.percent / 100)) : delayMs;
}
