/**
 * @module `calendarFor(team | conversation)`: the one calendar reader. A team (a 微信客服 account, by open_kfid)
 * may have its own service calendar; everything else — and a team without one — uses the organisation's
 * (DEMO_CALENDAR until an admin saves one). The engine, escalations, timers, alerts, pages, the sidebar and the
 * dashboard all read calendars here; writes go through services/calendar.ts.
 */
import { eq } from 'drizzle-orm';
import { first, type Queries } from '../ports/queries';
import type { CalendarConfig } from '../../../shared/calendar/index';
import { SETTINGS } from './catalogue';
import { readOwnSettingIn, readSettingIn } from './settings';

/** Whose calendar: a team, a conversation (its account's team), or the organisation (no subject / null team). */
export type CalendarSubject =
  | { team: string | null | undefined }
  | { conversation: { openKfid: string } }
  | { conversationId: number | null | undefined };

async function teamIn(q: Queries, subject: CalendarSubject | undefined): Promise<string | null> {
  if (!subject) return null;
  if ('team' in subject) return subject.team ?? null;
  if ('conversation' in subject) return subject.conversation.openKfid;
  if (subject.conversationId == null) return null;
  const { conversations: c } = q.t;
  return (await first(q.db.select({ team: c.openKfid }).from(c).where(eq(c.id, subject.conversationId)).limit(1)))?.team ?? null;
}

/** The calendar that applies to `subject`: the team's own, else the organisation's (either engine). */
export async function calendarForIn(q: Queries, subject?: CalendarSubject): Promise<CalendarConfig> {
  return readSettingIn(q, SETTINGS.calendar, await teamIn(q, subject));
}

/** Whether a team has a calendar of its own (else it follows the organisation's). */
export async function hasOwnCalendarIn(q: Queries, team: string): Promise<boolean> {
  return (await readOwnSettingIn(q, SETTINGS.calendar, team)) !== undefined;
}
