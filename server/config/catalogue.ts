/**
 * @module Every setting group Moonshift stores, declared once: key, zod schema, fallback, scope (org or team =
 * a 微信客服 account). Read and write them only through ./settings.ts (`readSetting(store, SETTINGS.x)`).
 */
import { z } from 'zod';
import { CalendarConfigSchema, DEMO_CALENDAR } from '../../shared/calendar/index';
import { defaultsOf, defineSetting } from './settings';

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

export const EscalationSensitivity = z.object({
  hours: z.array(z.number().int().min(0).max(23)), percent: z.number().min(0), acceptedAt: z.number(), acceptedBy: z.string(),
});
export type EscalationSensitivity = z.infer<typeof EscalationSensitivity>;

export const RouteState = z.object({
  active: z.enum(['main', 'backup']).catch('main'),
  since: z.number().nullable().default(null),
  reason: z.string().nullable().default(null),
  conversationId: z.number().nullable().default(null),
});
export type RouteState = z.infer<typeof RouteState>;

export const AttendanceSettings = z.object({ enabled: z.boolean().default(true), intervalMinutes: z.number().int().min(1).max(1440).default(5) });
export type AttendanceSettings = z.infer<typeof AttendanceSettings>;

export const DutyCode = z.object({
  configId: z.string().default(''),
  qrCode: z.string().default(''),
  users: z.array(z.string()).default([]),
  /** When WeCom last confirmed the user list (epoch ms). */
  syncedAt: z.number().default(0),
});
export type DutyCode = z.infer<typeof DutyCode>;

/** Organisation facts templates use: `{{org.name}}`, `{{order_link}}`. */
export const OrgProfile = z.object({ name: z.string().trim().min(1).max(40), orderLink: z.url().optional() });
export type OrgProfile = z.infer<typeof OrgProfile>;

const KfLink = z.object({ url: z.string().default('') });

export const SETTINGS = {
  calendar: defineSetting({
    key: 'calendar', scope: 'team', schema: CalendarConfigSchema, fallback: DEMO_CALENDAR,
    description: 'service calendar: the organisation\'s, or a team\'s own (read it with calendarFor)',
  }),
  activeRuleSet: defineSetting({ key: 'rules.active', scope: 'org', schema: z.string().min(1), fallback: undefined, description: 'version of the published rule set' }),
  org: defineSetting({ key: 'org', scope: 'org', schema: OrgProfile, fallback: { name: 'Moonshift' }, description: 'organisation profile for templates' }),
  appointments: defineSetting({ key: 'appointments', scope: 'org', schema: AppointmentSettings, fallback: defaultsOf(AppointmentSettings), description: 'appointment slots, links and rate limits' }),
  profileSync: defineSetting({ key: 'profileSync', scope: 'org', schema: ProfileSyncSettings, fallback: defaultsOf(ProfileSyncSettings), description: 'WeCom profile-card and 活码 sync' }),
  kfLink: defineSetting({ key: 'profile.kfLink', scope: 'org', schema: KfLink, fallback: defaultsOf(KfLink), description: 'the 微信客服 chat link the walls show' }),
  dutyCode: defineSetting({ key: 'profile.dutyContactWay', scope: 'org', schema: DutyCode, fallback: defaultsOf(DutyCode), description: 'the shared duty 活码' }),
  escalation: defineSetting({ key: 'escalation', scope: 'org', schema: EscalationSettings, fallback: defaultsOf(EscalationSettings), description: 'escalation delays' }),
  escalationSensitivity: defineSetting({ key: 'escalation.sensitivity', scope: 'org', schema: EscalationSensitivity, fallback: undefined, description: 'busiest hours where escalations fire sooner (accepted on the dashboard)' }),
  relay: defineSetting({ key: 'relay', scope: 'org', schema: RelaySettings, fallback: defaultsOf(RelaySettings), description: 'relay of an away agent\'s conversations' }),
  route: defineSetting({ key: 'channels.route', scope: 'org', schema: RouteState, fallback: defaultsOf(RouteState), description: 'which channel new requests go to' }),
  attendance: defineSetting({ key: 'attendance', scope: 'org', schema: AttendanceSettings, fallback: defaultsOf(AttendanceSettings), description: 'attendance (打卡) polling' }),
  attendanceCursor: defineSetting({ key: 'attendance.cursor', scope: 'org', schema: z.number().int(), fallback: undefined, description: 'newest check-in already applied (unix s)' }),
} as const;
