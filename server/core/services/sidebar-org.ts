/**
 * @module What the sidebar needs to know about the organisation: its calendar (org zone, next opening), who is
 * on duty (A/B posts) and a conversation's customer form link — each read from the module that owns it (org config,
 * duty groups, appointment links).
 */
import { eq, inArray } from 'drizzle-orm';
import type { CoreDeps } from '../../app/deps';
import { first, type Queries } from '../ports/queries';
import type { Conversation } from '../../adapters/db/sqlite/schema/index';
import { SETTINGS } from '../config/catalogue';
import { readSettingIn } from '../config/settings';
import { appointmentLink } from '../appointments/link';
import { dutyNowIn } from '../duty/on-duty';
import { formatNextOpen, nextOpenAt, nextWindowStart, type CalendarConfig } from '../../../shared/calendar/index';

export interface DutyPerson { userid: string; name: string; status: string }
export interface DutyNow { a: DutyPerson | null; b: DutyPerson | null; at: number }

/** The organisation's calendar (agents' own statuses and days are in the org zone). */
export function loadOrgCalendar(q: Queries): Promise<CalendarConfig> {
  return readSettingIn(q, SETTINGS.calendar);
}

/** Next opening in words ("明天 09:00"), or null when the calendar knows none. */
export function nextOpenText(cal: CalendarConfig, at: number, lang: 'zh' | 'en' = 'zh'): string | null {
  const next = nextOpenAt(cal, new Date(at));
  return next ? formatNextOpen(next, cal.timeZone, lang, { now: new Date(at) }) : null;
}

/** Template kinds that speak of one calendar window (their `next_open` is the opening after that window). */
const KIND_WINDOW: Partial<Record<string, ('lunch' | 'night' | 'weekend' | 'holiday')[]>> = {
  lunch: ['lunch'], night: ['night'], holiday: ['holiday', 'weekend'],
};

/**
 * `next_open` for a template of `kind`, as it will read when the template is used: the lunch notice says when
 * lunch ends (the next lunch break's end, even in open hours), other templates the next opening from `now`.
 */
export function nextOpenTextFor(cal: CalendarConfig, kind: string, now: number): string | null {
  const window = KIND_WINDOW[kind];
  const moment = window ? nextWindowStart(cal, window, now) ?? now : now;
  const next = nextOpenAt(cal, new Date(moment));
  return next ? formatNextOpen(next, cal.timeZone, 'zh', { now: new Date(now) }) : null;
}

/**
 * Who is on duty now, as the sidebar shows it: the A and B posts of the duty group on duty (the duty module's
 * `dutyNowIn`); without duty groups, A is whoever
 * the duty module puts on duty and there is no B. Their statuses are read through the unit of work.
 */
export async function dutyNow(d: Pick<CoreDeps, 'shared'>, at: number): Promise<DutyNow> {
  const { a, b, statuses } = await d.shared.uow.read(async (q) => {
    const { db, t: { agents } } = q;
    const duty = await dutyNowIn(q, at);
    const a = duty.primary ?? duty.current, b = duty.backup;
    const ids = [a?.userid, b?.userid].filter((u): u is string => !!u);
    const statuses = new Map(ids.length === 0 ? [] : (await db.select({ userid: agents.userid, s: agents.status }).from(agents).where(inArray(agents.userid, ids))).map((r) => [r.userid, r.s]));
    return { a, b, statuses };
  });
  const person = (p: { userid: string; name: string } | null | undefined): DutyPerson | null =>
    p ? { userid: p.userid, name: p.name, status: statuses.get(p.userid) ?? 'offline' } : null;
  return { a: person(a), b: person(b), at };
}

/** The calendar of a conversation the viewer may see (its team's, else the organisation's). */
export async function conversationCalendar(q: Queries, conv: Pick<Conversation, 'id'> | undefined): Promise<CalendarConfig> {
  const team = conv ? (await first(q.db.select({ team: q.t.conversations.openKfid }).from(q.t.conversations).where(eq(q.t.conversations.id, conv.id)).limit(1)))?.team : null;
  return readSettingIn(q, SETTINGS.calendar, team);
}

/** The signed appointment-form link of a conversation (none before the customer wrote, or not visible to the viewer). */
export function formLinkFor(d: Pick<CoreDeps, 'config' | 'clock'>, conv: Pick<Conversation, 'id'> | undefined): string | undefined {
  return conv ? appointmentLink(d, conv.id) : undefined;
}
