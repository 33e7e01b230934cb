/**
 * @module What the sidebar needs to know about the organisation: its calendar (org zone, next opening), who is
 * on duty (A/B posts) and the customer form link. Each is one function so the lead can point it at the
 * owning module (calendar settings, duty groups, appointment pages) without touching the routes.
 */
import { and, eq, ne, asc, desc } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import { agents, conversations } from '../db/schema/index';
import { appointmentLink } from '../appointments/link';
import { findOnDuty } from '../duty/on-duty';
import { formatNextOpen, nextOpenAt, type CalendarConfig } from '../../shared/calendar/index';

export interface DutyPerson { userid: string; name: string; status: string }
export interface DutyNow { a: DutyPerson | null; b: DutyPerson | null; at: number }

/** The org calendar (the engine's cached copy of `app_settings['calendar']`). */
export function loadOrgCalendar(d: Pick<CoreDeps, 'org'>): CalendarConfig {
  return d.org.getCalendar();
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
 * Who is on duty now. A post: `findOnDuty` (the duty module). B post: until duty groups exist, the next
 * online agent after A (longest online first). The Relay work replaces this body.
 */
export function dutyNow(d: Pick<CoreDeps, 'db'>, at: number): DutyNow {
  const a = findOnDuty(d, at);
  const b = a
    ? d.db.select({ userid: agents.userid, name: agents.name }).from(agents)
      .where(and(eq(agents.status, 'online'), ne(agents.userid, a.userid))).orderBy(asc(agents.statusChangedAt)).limit(1).get() ?? null
    : null;
  return {
    a: a ? { ...a, status: statusOf(d, a.userid) } : null,
    b: b ? { ...b, status: statusOf(d, b.userid) } : null,
    at,
  };
}

/** The signed appointment-form link for the customer's latest conversation (none before they wrote). */
export function formLinkFor(d: Pick<CoreDeps, 'db' | 'config' | 'clock'>, externalUserid: string): string | undefined {
  const conv = d.db.select({ id: conversations.id }).from(conversations).where(eq(conversations.externalUserid, externalUserid))
    .orderBy(desc(conversations.updatedAt)).limit(1).get();
  return conv ? appointmentLink(d, conv.id) : undefined;
}
