/**
 * @module What the sidebar needs to know about the organisation: its calendar (org zone, next opening), who is
 * on duty (A/B posts) and the customer form link — each read from the module that owns it (org config,
 * duty groups, appointment links).
 */
import { eq, desc } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import { agents, conversations } from '../db/schema/index';
import { appointmentLink } from '../appointments/link';
import { dutyNow as dutyNowOfGroups } from '../duty/on-duty';
import { formatNextOpen, nextOpenAt, type CalendarConfig } from '../../shared/calendar/index';
import { calendarFor } from '../config/calendar';

export interface DutyPerson { userid: string; name: string; status: string }
export interface DutyNow { a: DutyPerson | null; b: DutyPerson | null; at: number }

/** The organisation's calendar (agents' own statuses and days are in the org zone). */
export function loadOrgCalendar(d: Pick<CoreDeps, 'db'>): CalendarConfig {
  return calendarFor(d.db);
}

/** Next opening in words ("明天 09:00"), or null when the calendar knows none. */
export function nextOpenText(cal: CalendarConfig, at: number, lang: 'zh' | 'en' = 'zh'): string | null {
  const next = nextOpenAt(cal, new Date(at));
  return next ? formatNextOpen(next, cal.timeZone, lang, { now: new Date(at) }) : null;
}

function statusOf(d: Pick<CoreDeps, 'db'>, userid: string): string {
  return d.db.select({ s: agents.status }).from(agents).where(eq(agents.userid, userid)).get()?.s ?? 'offline';
}

/**
 * Who is on duty now, as the sidebar shows it: the A and B posts of the duty group on duty (the duty module's
 * `dutyNow`); without duty groups, A is whoever the duty module puts on duty and there is no B.
 */
export function dutyNow(d: Pick<CoreDeps, 'db'>, at: number): DutyNow {
  const duty = dutyNowOfGroups(d.db, at);
  const person = (p: { userid: string; name: string } | null | undefined): DutyPerson | null =>
    p ? { userid: p.userid, name: p.name, status: statusOf(d, p.userid) } : null;
  return { a: person(duty.primary ?? duty.current), b: person(duty.backup), at };
}

function latestConversationId(d: Pick<CoreDeps, 'db'>, externalUserid: string): number | undefined {
  return d.db.select({ id: conversations.id }).from(conversations).where(eq(conversations.externalUserid, externalUserid))
    .orderBy(desc(conversations.updatedAt)).limit(1).get()?.id;
}

/** The calendar of the customer's latest conversation (its team's, else the organisation's). */
export function customerCalendar(d: Pick<CoreDeps, 'db'>, externalUserid: string): CalendarConfig {
  return calendarFor(d.db, { conversationId: latestConversationId(d, externalUserid) });
}

/** The signed appointment-form link for the customer's latest conversation (none before they wrote). */
export function formLinkFor(d: Pick<CoreDeps, 'db' | 'config' | 'clock'>, externalUserid: string): string | undefined {
  const id = latestConversationId(d, externalUserid);
  return id === undefined ? undefined : appointmentLink(d, id);
}
