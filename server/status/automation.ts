/**
 * @module Automatic status changes: shift starts/ends (each agent's shift calendar, else the org's hours),
 * manual statuses whose `until` passed, and attendance (`checkin/getcheckindata` polled on an interval:
 * 上班打卡 → online, 下班打卡 → moon). Every change goes through setAgentStatus (history row + event).
 */
import { eq } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import { agents, agentShifts } from '../db/schema/index';
import { SETTINGS, type AttendanceSettings } from '../config/catalogue';
import { calendarFor } from '../config/calendar';
import { readSetting, writeSetting } from '../config/settings';
import { setAgentStatus } from '../services/set-agent-status';
import { CalendarConfigSchema, isOpenAt, windowAt, type CalendarConfig } from '../../shared/calendar/index';
import type { TimeDriven } from '../time-travel';
import { onCheckin, onManualExpired, onShiftTransition, type Change } from './shift-rules';

const TICK_MS = 30_000;
const MAX_SPAN_S = 30 * 24 * 3600;

export class StatusAutomation implements TimeDriven {
  readonly name = 'status automation';
  private timers: NodeJS.Timeout[] = [];
  private polling: Promise<number> | undefined;
  /** Clock time of the last shift evaluation and of the last attendance poll. */
  private tickedAt: number | undefined;
  private polledAt: number | undefined;

  constructor(private readonly d: CoreDeps) {}

  start(): this {
    this.polledAt = this.d.clock.now(); // the polling interval counts from start
    this.tick();
    this.timers.push(setInterval(() => this.tick(), TICK_MS).unref());
    const every = this.attendanceSettings().intervalMinutes * 60_000;
    this.timers.push(setInterval(() => void this.pollAttendance(), every).unref());
    return this;
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
  }

  attendanceSettings(): AttendanceSettings {
    return readSetting(this.d.db, SETTINGS.attendance);
  }

  private shiftCalendar(json: string | null | undefined): CalendarConfig {
    if (!json) return calendarFor(this.d.db);
    const parsed = CalendarConfigSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : calendarFor(this.d.db);
  }

  /** The first instant after `after` at which a shift starts or ends or a manual status runs out. */
  nextChangeAfter(after: number): number | undefined {
    let next: number | undefined;
    const consider = (at: number | null | undefined) => {
      if (at != null && at > after && (next === undefined || at < next)) next = at;
    };
    for (const a of this.d.db.select().from(agents).all()) {
      if (a.statusSource === 'manual') consider(a.statusUntil);
      const shift = this.d.db.select({ calendar: agentShifts.calendar }).from(agentShifts).where(eq(agentShifts.userid, a.userid)).get();
      consider(windowAt(this.shiftCalendar(shift?.calendar), new Date(after)).span.end?.getTime());
    }
    return next;
  }

  /** Time travel: the next shift boundary or manual-status end (attendance is polled at each stop, not stepped). */
  nextDueAt(now: number): number | undefined { return this.nextChangeAfter(now); }

  /** Time travel: a boundary passed since the last evaluation, or an attendance poll is due or running. */
  busy(now: number): boolean {
    if (this.polling) return true;
    if (this.attendancePollDue(now)) return true;
    if (this.tickedAt === undefined) return false;
    const next = this.nextChangeAfter(this.tickedAt);
    return next !== undefined && next <= now;
  }

  async runDue(now: number): Promise<void> {
    this.tick();
    if (this.attendancePollDue(now)) await this.pollAttendance();
  }

  private attendancePollDue(now: number): boolean {
    return this.polledAt !== undefined && now - this.polledAt >= this.attendanceSettings().intervalMinutes * 60_000;
  }

  /** Evaluates every agent's shift now; returns the number of status changes. */
  tick(): number {
    const now = this.d.clock.now();
    this.tickedAt = now;
    let changed = 0;
    for (const a of this.d.db.select().from(agents).all()) {
      const shift = this.d.db.select().from(agentShifts).where(eq(agentShifts.userid, a.userid)).get();
      const onShift = isOpenAt(this.shiftCalendar(shift?.calendar), new Date(now));
      const agentNow = { status: a.status, source: a.statusSource, until: a.statusUntil };
      const change: Change = onManualExpired(agentNow, onShift, now)
        ?? (shift?.onShift != null && shift.onShift !== onShift ? onShiftTransition(agentNow, onShift, now) : null);
      const set = { onShift, evaluatedAt: now };
      this.d.db.insert(agentShifts).values({ userid: a.userid, ...set }).onConflictDoUpdate({ target: agentShifts.userid, set }).run();
      if (change) {
        setAgentStatus({ ctx: this.d, input: { userid: a.userid, status: change.status, source: change.source, until: null, reason: change.reason } });
        changed++;
      }
    }
    return changed;
  }

  /** Reads new check-ins since the stored cursor and applies them in time order; returns changes made. */
  pollAttendance(): Promise<number> {
    this.polling ??= this.poll().finally(() => { this.polling = undefined; });
    return this.polling;
  }

  private async poll(): Promise<number> {
    this.polledAt = this.d.clock.now();
    if (!this.attendanceSettings().enabled) return 0;
    const nowS = Math.floor(this.polledAt / 1000);
    const cursor = Math.max(readSetting(this.d.db, SETTINGS.attendanceCursor) ?? nowS - 3600, nowS - MAX_SPAN_S);
    const userids = this.d.db.select({ u: agents.userid }).from(agents).all().map((r) => r.u);
    const records = [];
    try {
      for (let i = 0; i < userids.length; i += 100) {
        const r = await this.d.wecom.getCheckinData({ starttime: cursor, endtime: nowS, useridlist: userids.slice(i, i + 100) });
        records.push(...r.checkindata);
      }
    } catch (err) {
      this.d.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'attendance poll failed; will retry');
      return 0;
    }
    let changed = 0;
    let newest = cursor;
    for (const rec of records.filter((r) => r.checkin_time > cursor && !r.exception_type.includes('未打卡')).sort((a, b) => a.checkin_time - b.checkin_time)) {
      newest = Math.max(newest, rec.checkin_time);
      const a = this.d.db.select().from(agents).where(eq(agents.userid, rec.userid)).get();
      if (!a) continue;
      const change = onCheckin({ status: a.status, source: a.statusSource, until: a.statusUntil }, rec.checkin_type, this.d.clock.now());
      if (change) {
        setAgentStatus({ ctx: this.d, input: { userid: a.userid, status: change.status, source: change.source, until: null, reason: change.reason } });
        changed++;
      }
    }
    writeSetting(this.d.db, SETTINGS.attendanceCursor, Math.max(newest, cursor), { at: this.d.clock.now(), by: 'attendance' });
    return changed;
  }
}
