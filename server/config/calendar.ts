/**
 * @module `calendarFor(team | conversation)`: the one calendar reader. A team (a 微信客服 account, by open_kfid)
 * may have its own service calendar; everything else — and a team without one — uses the organisation's
 * (DEMO_CALENDAR until an admin saves one). The engine, escalations, timers, alerts, pages, the sidebar and the
 * dashboard all read calendars here; writes go through services/calendar.ts.
 */
import { eq } from 'drizzle-orm';
import type { Store } from '../db/index';
import { first, type Queries } from '../core/ports/queries';
import { conversations } from '../db/schema/index';
import type { CalendarConfig } from '../../shared/calendar/index';
import { SETTINGS } from './catalogue';
import { readOwnSettingIn, readSetting, readSettingIn } from './settings';

/** Whose calendar: a team, a conversation (its account's team), or the organisation (no subject / null team). */
export type CalendarSubject =
  | { team: string | null | undefined }
  | { conversation: { openKfid: string } }
  | { conversationId: number | null | undefined };

function teamOf(store: Store, subject: CalendarSubject | undefined): string | null {
  if (!subject) return null;
  if ('team' in subject) return subject.team ?? null;
  if ('conversation' in subject) return subject.conversation.openKfid;
  if (subject.conversationId == null) return null;
  return store.select({ team: conversations.openKfid }).from(conversations).where(eq(conversations.id, subject.conversationId)).get()?.team ?? null;
}

/**
 * The calendar that applies to `subject`: the team's own, else the organisation's.
 * @deprecated synchronous twin (of calendarForIn) for server/engine/*, server/escalation/*, server/duty/*, server/relay/*, server/forecast/calendar.ts, server/status/automation.ts, server/intent/run-conversations.ts (its sandbox), the DecisionSandbox line of server/routes/admin/rules.ts until they are converted
 */
export function calendarFor(store: Store, subject?: CalendarSubject): CalendarConfig {
  return readSetting(store, SETTINGS.calendar, teamOf(store, subject));
}

async function teamIn(q: Queries, subject: CalendarSubject | undefined): Promise<string | null> {
  if (!subject) return null;
  if ('team' in subject) return subject.team ?? null;
  if ('conversation' in subject) return subject.conversation.openKfid;
  if (subject.conversationId == null) return null;
  const { conversations: c } = q.t;
  return (await first(q.db.select({ team: c.openKfid }).from(c).where(eq(c.id, subject.conversationId)).limit(1)))?.team ?? null;
}

/** `calendarFor` in a unit of work (either engine). */
export async function calendarForIn(q: Queries, subject?: CalendarSubject): Promise<CalendarConfig> {
  return readSettingIn(q, SETTINGS.calendar, await teamIn(q, subject));
}

/** Whether a team has a calendar of its own (else it follows the organisation's). */
export async function hasOwnCalendarIn(q: Queries, team: string): Promise<boolean> {
  return (await readOwnSettingIn(q, SETTINGS.calendar, team)) !== undefined;
}
