/**
 * @module Escalation sensitivity accepted on the dashboard (`app_settings` key `escalation.sensitivity`): in the
 * busiest local hours, escalation delays are divided by (1 + percent/100) — +20% sensitivity fires 1.2× sooner.
 * `sensitiveDelay` is the one hook the escalation timers call (server/escalation/arm.ts) to apply it.
 */
import type { Store } from '../db/index';
import { SETTINGS, type EscalationSensitivity } from '../config/catalogue';
import { readSetting } from '../config/settings';
import { localParts } from '../../shared/calendar/index';

export function loadEscalationSensitivity(store: Store): EscalationSensitivity | undefined {
  return readSetting(store, SETTINGS.escalationSensitivity);
}

/** The delay to arm at `at`: shortened inside the accepted busiest hours (org time zone), unchanged elsewhere. */
export function sensitiveDelay(delayMs: number, at: number, timeZone: string, s: EscalationSensitivity | undefined): number {
  if (!s || s.percent <= 0 || !s.hours.includes(localParts(at, timeZone).hour)) return delayMs;
  return Math.round(delayMs / (1 + s.percent / 100));
}
