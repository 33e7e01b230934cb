/**
 * @module Settings the customer pages and the WeCom sync read from `app_settings` (JSON by key), with
 * defaults: the service calendar (`calendar`, else DEMO_CALENDAR), `appointments` and `profileSync`.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Store } from '../db/index';
import { appSettings } from '../db/schema/index';
import { DEMO_CALENDAR, parseCalendarConfig, type CalendarConfig } from '../../shared/calendar/index';

export const AppointmentSettings = z.object({
  /** Customers per slot. */
  capacity: z.number().int().min(1).max(50).default(2),
  slotMinutes: z.number().int().min(10).max(240).default(30),
  /** How many days ahead slots are offered. */
  days: z.number().int().min(1).max(60).default(14),
  /** Default validity of a form link. */
  linkTtlHours: z.number().int().min(1).max(24 * 30).default(72),
  /** Form submissions allowed per link and per IP within `rateWindowMs`. */
  perLink: z.number().int().min(1).default(10),
  perIp: z.number().int().min(1).default(30),
  rateWindowMs: z.number().int().min(1000).default(10 * 60_000),
});
export type AppointmentSettings = z.infer<typeof AppointmentSettings>;

export const ProfileSyncSettings = z.object({
  /** Quiet time after the last request for a target before calling WeCom. */
  debounceMs: z.number().int().min(0).max(600_000).default(2000),
  /** A target flipping continuously is still sent at least this often. */
  maxWaitMs: z.number().int().min(0).max(3_600_000).default(30_000),
  retryBaseMs: z.number().int().min(10).max(600_000).default(5000),
  maxAttempts: z.number().int().min(1).max(20).default(6),
  /** The attribute name configured in the WeCom admin console (must exist there, or WeCom ignores it). */
  attrName: z.string().min(1).max(32).default('服务状态'),
  /** Other attributes of the profile (user/update replaces the whole list). */
  extraAttrs: z.array(z.record(z.string(), z.unknown())).default([]),
});
export type ProfileSyncSettings = z.infer<typeof ProfileSyncSettings>;

function readRaw(db: Store, key: string): string | undefined {
  return db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, key)).get()?.value;
}

export function readSetting<T extends z.ZodType>(db: Store, key: string, schema: T): z.output<T> {
  const raw = readRaw(db, key);
  let value: unknown = {};
  try { if (raw !== undefined) value = JSON.parse(raw); } catch { /* a broken value falls back to defaults */ }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : schema.parse({});
}

export function writeSetting(db: Store, key: string, value: unknown, at: number, by: string | null = null): void {
  const json = JSON.stringify(value);
  db.insert(appSettings).values({ key, value: json, updatedAt: at, updatedBy: by })
    .onConflictDoUpdate({ target: appSettings.key, set: { value: json, updatedAt: at, updatedBy: by } }).run();
}

let cached: { raw: string; config: CalendarConfig } | undefined;

/** The org's service calendar; an absent or invalid setting falls back to the demo calendar. */
export function loadCalendar(db: Store): CalendarConfig {
  const raw = readRaw(db, 'calendar');
  if (raw === undefined) return DEMO_CALENDAR;
  if (cached?.raw === raw) return cached.config;
  try {
    cached = { raw, config: parseCalendarConfig(JSON.parse(raw)) };
    return cached.config;
  } catch {
    return DEMO_CALENDAR;
  }
}
