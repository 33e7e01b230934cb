/**
 * @module Settings this feature reads from `app_settings` (JSON by key), with defaults from our users:
 * the org calendar (`calendar`), escalation delays (`escalation`) and relay behaviour (`relay`).
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Store } from '../db/index';
import { appSettings } from '../db/schema/index';
import { DEMO_CALENDAR, type CalendarConfig } from '../../shared/calendar/index';
import { parseCalendarConfig } from '../../shared/calendar/schema';

export const EscalationSettings = z.object({
  /** Customer message unanswered by a human → FAQ card / dedicated manager. */
  unansweredMs: z.number().int().min(1_000).default(90_000),
  /** Main channel without any response → backup channel + duty-manager alert. */
  silenceMs: z.number().int().min(1_000).default(600_000),
  /** Count only open hours (shared/calendar addOpenTime) for the delays. */
  respectCalendar: z.boolean().default(false),
  enabled: z.boolean().default(true),
});
export type EscalationSettings = z.infer<typeof EscalationSettings>;

export const RelaySettings = z.object({
  /** When a relayed-away agent returns, move their conversations back (default: they stay). */
  returnMovedOnComeback: z.boolean().default(false),
  /** Statuses that trigger a relay of the agent's open conversations. */
  awayStatuses: z.array(z.enum(['dnd', 'moon', 'offline', 'busy'])).default(['dnd', 'moon', 'offline']),
});
export type RelaySettings = z.infer<typeof RelaySettings>;

function readRaw(store: Store, key: string): string | undefined {
  return store.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, key)).get()?.value;
}

function readJson(store: Store, key: string): unknown {
  const raw = readRaw(store, key);
  if (raw === undefined) return undefined;
  try { return JSON.parse(raw) as unknown; } catch { return undefined; }
}

/** Parsed settings by their stored text: the hot path (every customer message) skips JSON + zod when unchanged. */
const parsedCache = new Map<string, unknown>();
function cachedParse<T>(key: string, raw: string | undefined, parse: (v: unknown) => T): T {
  const k = `${key}\u0000${raw ?? ''}`;
  if (parsedCache.has(k)) return parsedCache.get(k) as T;
  let value: unknown;
  try { value = raw === undefined ? undefined : JSON.parse(raw) as unknown; } catch { value = undefined; }
  const parsed = parse(value);
  if (parsedCache.size > 64) parsedCache.clear();
  parsedCache.set(k, parsed);
  return parsed;
}

export function loadCalendar(store: Store): CalendarConfig {
  return cachedParse('calendar', readRaw(store, 'calendar'), (v) => {
    if (v === undefined) return DEMO_CALENDAR;
    try { return parseCalendarConfig(v); } catch { return DEMO_CALENDAR; }
  });
}

export function loadEscalationSettings(store: Store): EscalationSettings {
  return cachedParse('escalation', readRaw(store, 'escalation'), (v) => {
    const parsed = EscalationSettings.safeParse(v ?? {});
    return parsed.success ? parsed.data : EscalationSettings.parse({});
  });
}

export function loadRelaySettings(store: Store): RelaySettings {
  const parsed = RelaySettings.safeParse(readJson(store, 'relay') ?? {});
  return parsed.success ? parsed.data : RelaySettings.parse({});
}

export function writeSetting(store: Store, key: string, value: unknown, at: number, by: string | null): void {
  const v = JSON.stringify(value);
  store.insert(appSettings).values({ key, value: v, updatedAt: at, updatedBy: by })
    .onConflictDoUpdate({ target: appSettings.key, set: { value: v, updatedAt: at, updatedBy: by } }).run();
}

export function readSetting(store: Store, key: string): unknown { return readJson(store, key); }
