/**
 * @module The domain vocabulary of DESIGN.md §4 as runtime lists + types, shared by server and web.
 * Pure: no I/O.
 */
import { z } from 'zod';

export const AGENT_STATUSES = ['online', 'busy', 'dnd', 'moon', 'offline'] as const;
export const AgentStatus = z.enum(AGENT_STATUSES);
export type AgentStatus = z.infer<typeof AgentStatus>;

export const STATUS_SOURCES = ['manual', 'schedule', 'attendance', 'system'] as const;
export const StatusSource = z.enum(STATUS_SOURCES);
export type StatusSource = z.infer<typeof StatusSource>;

export const CALENDAR_WINDOWS = ['open', 'lunch', 'night', 'weekend', 'holiday'] as const;
export const CalendarWindow = z.enum(CALENDAR_WINDOWS);
export type CalendarWindow = z.infer<typeof CalendarWindow>;

export const TEMPLATE_KINDS = [
  'welcome', 'question_collect', 'emergency', 'lunch', 'night', 'holiday', 'dnd', 'busy',
  'appointment', 'faq_card', 'transfer_notice', 'custom',
] as const;
export const TemplateKind = z.enum(TEMPLATE_KINDS);
export type TemplateKind = z.infer<typeof TemplateKind>;

export const DEFAULT_INTENTS = [
  'greeting', 'product_info', 'pricing', 'order_status', 'refund', 'after_sales', 'invoice',
  'appointment', 'complaint', 'urgent', 'human_agent', 'thanks', 'other',
] as const;
export type DefaultIntentId = (typeof DEFAULT_INTENTS)[number];
/** Admins may add intents, so an intent id is any slug; the default pack uses DEFAULT_INTENTS. */
export const IntentId = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'intent id: lower-case letters, digits, _');
export type IntentId = string;

/** WeCom kf session states (WECOM.md §3.5). */
export const SERVICE_STATES = [0, 1, 2, 3, 4] as const;
export type ServiceState = (typeof SERVICE_STATES)[number];

/** Origin of a kf message (WECOM.md §3.2): 3 customer, 4 system event, 5 agent in the WeCom client. */
export const ORIGIN = { customer: 3, system: 4, agent: 5 } as const;
export type Origin = (typeof ORIGIN)[keyof typeof ORIGIN];
