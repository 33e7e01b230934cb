/**
 * @module Staffing for forecast hours: agents needed by Erlang C (M/M/N) for the expected customer messages,
 * the team's measured handling time and the admin's target (default 80 % answered within 90 s), next to the
 * agents whose shift covers the hour; a shortfall is flagged only in the team's open hours.
 */
import { and, asc, eq, gte, inArray } from 'drizzle-orm';
import type { Queries } from '../ports/queries';
import { ORIGIN } from '../../../shared/domain/vocabulary';
import { isOpenAt, type CalendarConfig } from '../../../shared/calendar/index';
import { agentsNeeded } from '../../../shared/forecast/index';
import { shiftCalendar } from '../status/shift-calendar';
import type { ForecastSettings } from '../config/catalogue';

/** Replies measured over this window; fewer than `MIN_HANDLE_SAMPLES` and the admin's default is used. */
const MEASURE_DAYS = 28;
export const MIN_HANDLE_SAMPLES = 30;
/** A gap longer than this before an agent's reply is waiting, not work. */
const MAX_WORK_GAP_S = 600;

export interface HandleTime { seconds: number; measured: boolean; samples: number }

interface Reply { c: number; origin: number; t: number }

/**
 * Agent handling time per customer message: the time before each agent reply since the previous message of
 * the conversation (gaps ≤ 10 min), summed over the last 28 days and divided by the customer messages of
 * those conversations in that time.
 */
export async function measureHandleTimeIn(q: Queries, now: number, team: string | undefined, fallbackSec: number): Promise<HandleTime> {
  const { messages: m, conversations: c } = q.t;
  const rows = await q.db.select({ c: m.conversationId, origin: m.origin, t: m.sendTime }).from(m).where(and(
    gte(m.sendTime, measureSince(now)),
    team === undefined ? undefined : inArray(m.conversationId, q.db.select({ id: c.id }).from(c).where(eq(c.openKfid, team))),
  )).orderBy(asc(m.conversationId), asc(m.sendTime));
  return handleTimeOf(rows, fallbackSec);
}

const measureSince = (now: number) => Math.floor(now / 1000) - MEASURE_DAYS * 86_400;

/** The handling time from the messages of the window, ordered by conversation and time. */
function handleTimeOf(rows: Reply[], fallbackSec: number): HandleTime {
  let work = 0, samples = 0, customer = 0;
  const served = new Set<number>();
  const customerBy = new Map<number, number>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!, prev = rows[i - 1];
    if (r.origin === ORIGIN.customer) customerBy.set(r.c, (customerBy.get(r.c) ?? 0) + 1);
    if (r.origin !== ORIGIN.agent || !prev || prev.c !== r.c) continue;
    const gap = r.t - prev.t;
    if (gap < 0 || gap > MAX_WORK_GAP_S) continue;
    work += gap; samples++; served.add(r.c);
  }
  for (const c of served) customer += customerBy.get(c) ?? 0;
  if (samples < MIN_HANDLE_SAMPLES || customer === 0) return { seconds: fallbackSec, measured: false, samples };
  return { seconds: Math.max(5, Math.round(work / customer)), measured: true, samples };
}

/** Per hour start, how many of the team's agents (all agents for the organisation) have a shift covering it. */
export async function scheduledAgentsIn(q: Queries, hours: number[], team: string | undefined, orgCalendar: CalendarConfig): Promise<number[]> {
  const { agents: a, kfServicers: k, agentShifts: s } = q.t;
  const ids = (team === undefined
    ? await q.db.select({ u: a.userid }).from(a)
    : await q.db.select({ u: k.userid }).from(k).where(eq(k.openKfid, team))).map((r) => r.u);
  const shifts = ids.length
    ? new Map((await q.db.select({ userid: s.userid, calendar: s.calendar }).from(s).where(inArray(s.userid, ids))).map((r) => [r.userid, r.calendar]))
    : new Map<string, string | null>();
  return coverage(ids, shifts, hours, orgCalendar);
}

function coverage(ids: string[], shifts: Map<string, string | null>, hours: number[], orgCalendar: CalendarConfig): number[] {
  const calendars = ids.map((u) => shiftCalendar(shifts.get(u), orgCalendar));
  return hours.map((at) => calendars.filter((cal) => isOpenAt(cal, new Date(at + 1_800_000))).length);
}

export interface HourStaffing { needed: number; scheduled: number; open: boolean; shortfall: boolean }

export interface StaffingPlan {
  hours: HourStaffing[];
  handle: HandleTime;
  targetAnswerSec: number;
  serviceLevel: number;
  /** The model's assumptions in words (Chinese and English). */
  assumption: { zh: string; en: string };
}

export interface StaffingInput {
  now: number; team: string | undefined; points: { at: number; expected: number }[];
  settings: ForecastSettings; teamCalendar: CalendarConfig; orgCalendar: CalendarConfig;
}

/** The staffing of each forecast hour, in a unit of work (either engine). */
export async function planStaffingIn(q: Queries, input: StaffingInput): Promise<StaffingPlan> {
  const handle = await measureHandleTimeIn(q, input.now, input.team, input.settings.handleSec);
  const scheduled = await scheduledAgentsIn(q, input.points.map((p) => p.at), input.team, input.orgCalendar);
  return staffingPlan(input, handle, scheduled);
}

function staffingPlan(input: StaffingInput, handle: HandleTime, scheduled: number[]): StaffingPlan {
  const { settings, points } = input;
  const hours = points.map((p, i) => {
    const needed = agentsNeeded({ contacts: p.expected, periodSec: 3600, handleSec: handle.seconds, targetSec: settings.targetAnswerSec, level: settings.serviceLevel }).agents;
    const open = isOpenAt(input.teamCalendar, new Date(p.at + 1_800_000));
    return { needed, scheduled: scheduled[i]!, open, shortfall: open && needed > scheduled[i]! };
  });
  const pct = Math.round(settings.serviceLevel * 100);
  const source = { zh: handle.measured ? `实测 ${handle.samples} 次回复` : '默认值，实测回复不足', en: handle.measured ? `measured over ${handle.samples} replies` : 'default, too few replies measured' };
  return {
    hours, handle, targetAnswerSec: settings.targetAnswerSec, serviceLevel: settings.serviceLevel,
    assumption: {
      zh: `Erlang C（M/M/N 排队）：每条客户消息平均处理 ${handle.seconds} 秒（${source.zh}），目标 ${pct}% 的消息在 ${settings.targetAnswerSec} 秒内回复；假设消息随机到达、每位客服同一时间处理一条、客户不放弃等待。`,
      en: `Erlang C (M/M/N queue): ${handle.seconds} s handling per customer message (${source.en}), target ${pct}% answered within ${settings.targetAnswerSec} s; assumes random arrivals, one message at a time per agent and no abandonment.`,
    },
  };
}
