/**
 * @module Every setting group Moonshift stores, declared once: key, zod schema, fallback, scope (org or team =
 * a 微信客服 account). Read and write them only through ./settings.ts (`readSetting(store, SETTINGS.x)`).
 */
import { z } from 'zod';
import { CalendarConfigSchema, DEMO_CALENDAR } from '../../../shared/calendar/index';
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
  /** The `profile.sync` job's retry policy: first pause (doubling, at most 5 min) and attempts in all; which errcodes retry is the WeCom table's. */
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

export const AssignmentSettings = z.object({
  /** Sessions (WeCom state 3) one agent holds at most: at the cap, new and relayed sessions go to someone else. */
  maxSessionsPerAgent: z.number().int().min(1).max(200).default(15),
  /** Typical length of a session with a person, for the expected wait told when everyone is at the cap. */
  sessionMinutes: z.number().int().min(1).max(240).default(10),
});
export type AssignmentSettings = z.infer<typeof AssignmentSettings>;

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

export const AttendanceSettings = z.object({
  enabled: z.boolean().default(true), intervalMinutes: z.number().int().min(1).max(1440).default(5),
  /** Each poll reads this far back: offline 打卡 devices upload late (at most WeCom's 30-day span). */
  lookbackHours: z.number().min(1).max(24 * 30).default(24),
});
export type AttendanceSettings = z.infer<typeof AttendanceSettings>;

export const DutyCode = z.object({
  configId: z.string().default(''),
  qrCode: z.string().default(''),
  users: z.array(z.string()).default([]),
  /** When WeCom last confirmed the user list (epoch ms). */
  syncedAt: z.number().default(0),
});
export type DutyCode = z.infer<typeof DutyCode>;

/** Organisation facts templates use: `{{org.name}}`, `{{order_link}}`, `{{org.emergency_phone}}`. */
export const OrgProfile = z.object({
  name: z.string().trim().min(1).max(40), orderLink: z.url().optional(),
  /** The number customers may call when it cannot wait (digits, spaces, + and -). */
  emergencyPhone: z.string().trim().regex(/^\+?[\d\s-]{3,20}$/, '电话号码只能包含数字、空格、+ 和 -').optional(),
});
export type OrgProfile = z.infer<typeof OrgProfile>;

const KfLink = z.object({ url: z.string().default('') });

export const ForecastSettings = z.object({
  /** Answer within this many seconds … */
  targetAnswerSec: z.number().int().min(5).max(3600).default(90),
  /** … for this share of customer messages (Erlang C service level). */
  serviceLevel: z.number().min(0.5).max(0.99).default(0.8),
  /** Agent handling time per customer message, used while too few replies are measured. */
  handleSec: z.number().int().min(5).max(3600).default(60),
  /** Shorten escalation stages in forecast peak hours automatically. */
  autoSensitivity: z.boolean().default(false),
  sensitivityPercent: z.number().int().min(1).max(200).default(20),
  /** Send the duty manager a "next week" card every Friday afternoon. */
  weeklySummary: z.boolean().default(true),
});
export type ForecastSettings = z.infer<typeof ForecastSettings>;

export const FaqSettings = z.object({
  /** A free-text question is answered from an FAQ entry when its score (intent × 0.6 + keywords ≤ 0.4) reaches this:
   *  above 0.6, so neither the intent alone nor keywords alone answer. */
  minScore: z.number().min(0.1).max(1).default(0.65),
});
export type FaqSettings = z.infer<typeof FaqSettings>;

export const ForecastPeaks = z.object({
  computedAt: z.number(),
  source: z.enum(['forecast', 'history']),
  /** Hour starts (epoch ms) of the forecast's peak hours (source `forecast`). */
  hourStarts: z.array(z.number()),
  /** Hours of the day 0–23 (source `history`: the busiest hours so far). */
  hoursOfDay: z.array(z.number().int().min(0).max(23)),
});
export type ForecastPeaks = z.infer<typeof ForecastPeaks>;

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
  assignment: defineSetting({ key: 'assignment', scope: 'org', schema: AssignmentSettings, fallback: defaultsOf(AssignmentSettings), description: 'load-aware assignment: per-agent session cap, typical session length' }),
  route: defineSetting({ key: 'channels.route', scope: 'org', schema: RouteState, fallback: defaultsOf(RouteState), description: 'which channel new requests go to' }),
  attendance: defineSetting({ key: 'attendance', scope: 'org', schema: AttendanceSettings, fallback: defaultsOf(AttendanceSettings), description: 'attendance (打卡) polling' }),
  attendanceSeen: defineSetting({
    key: 'attendance.seen', scope: 'org', fallback: undefined, description: 'where attendance polling began and each agent\'s newest check-in (unix s)',
    schema: z.object({ since: z.number().int(), latest: z.record(z.string(), z.number().int()) }),
  }),
  forecast: defineSetting({ key: 'forecast', scope: 'org', schema: ForecastSettings, fallback: defaultsOf(ForecastSettings), description: 'forecast: staffing target (Erlang C), automatic sensitivity in peak hours, weekly card' }),
  faq: defineSetting({ key: 'faq', scope: 'org', schema: FaqSettings, fallback: defaultsOf(FaqSettings), description: 'FAQ knowledge: the score a free-text question needs to be answered from an entry' }),
  faqSeeded: defineSetting({ key: 'faq.seeded', scope: 'org', schema: z.boolean(), fallback: false, description: 'the default pack\'s FAQ entries were added (once)' }),
  forecastPeaks: defineSetting({ key: 'forecast.peaks', scope: 'org', schema: ForecastPeaks, fallback: undefined, description: 'hours the automatic escalation sensitivity applies to (computed daily)' }),
} as const;
