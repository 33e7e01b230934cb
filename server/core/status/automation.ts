/**
 * @module Automatic status changes: shift starts/ends (each agent's shift calendar, else the org's hours),
 * manual statuses whose `until` passed, and attendance (`checkin/getcheckindata` polled on an interval:
 * 上班打卡 → online, 下班打卡 → moon). Every change goes through setAgentStatus (history row + event).
 *
 * Offline 打卡 devices upload late, so each poll reads a trailing window (`lookbackHours`, default 24 h) rather
 * than "since the last poll", and remembers each agent's newest check-in: a record already seen, or older
 * than that agent's newest, is skipped; one older than a status set since by hand or by the schedule never
 * flips it (the newer status wins).
 *
 * Time travel asks synchronously when the next change is due (`nextDueAt`, `busy`): that is answered from the
 * schedule — each agent's manual `until` and shift calendar, the org calendar, the polling interval — read on the
 * unit of work at start, after every evaluation, and again before the next stop whenever a status changed
 * (`agent.status`). A calendar or interval edited by an admin is read at the next evaluation (every 30 s, and at
 * every stop of a jump).
 */
import { eq } from 'drizzle-orm';
import type { CoreDeps } from '../../app/deps';
import { SETTINGS, type AttendanceSettings } from '../config/catalogue';
import { calendarForIn } from '../config/calendar';
import { readSettingIn, writeSettingIn } from '../config/settings';
import { first, type Queries } from '../ports/queries';
import { setAgentStatus } from '../services/set-agent-status';
import { isOpenAt, windowAt, type CalendarConfig } from '../../../shared/calendar/index';
import type { TimeDriven } from '../../app/time-travel';
import { shiftCalendar } from './shift-calendar';
import { onCheckin, onManualExpired, onShiftTransition, type Change } from './shift-rules';

const TICK_MS = 30_000;
const MAX_SPAN_S = 30 * 24 * 3600;

/** What the next automatic change depends on, as last read. */
interface Schedule {
  agents: { until: number | null; manual: boolean; shift: CalendarConfig }[];
  attendanceEveryMs: number;
}

/** The agents, their shifts and the org calendar, and the schedule made of them. */
async function readAgents(q: Queries) {
  const list = await q.db.select().from(q.t.agents);
  const shifts = await q.db.select().from(q.t.agentShifts);
  const org = await calendarForIn(q);
  const attendance = await readSettingIn(q, SETTINGS.attendance);
  const shiftOf = new Map(shifts.map((r) => [r.userid, r]));
  const schedule: Schedule = {
    agents: list.map((a) => ({ until: a.statusUntil, manual: a.statusSource === 'manual', shift: shiftCalendar(shiftOf.get(a.userid)?.calendar, org) })),
    attendanceEveryMs: attendance.intervalMinutes * 60_000,
  };
  return { list, shiftOf, schedule };
}

export class StatusAutomation implements TimeDriven {
  readonly name = 'status automation';
  private timers: NodeJS.Timeout[] = [];
  private polling: Promise<number> | undefined;
  /** Shift evaluations run one after another (an interval tick and a time-travel stop never overlap). */
  private ticks: Promise<unknown> = Promise.resolve();
  private ticksInFlight = 0;
  /** Clock time of the last shift evaluation and of the last attendance poll. */
  private tickedAt: number | undefined;
  private polledAt: number | undefined;
  /** The schedule as last read; stale once a status changed since (re-read before time travel goes on). */
  private schedule: Schedule | undefined;
  private scheduleStale = true;
  private reading: Promise<void> | undefined;
  private starting: Promise<void> | undefined;
  private stopped = false;
  private off: (() => void) | undefined;

  constructor(private readonly d: CoreDeps) {}

  /** Starts the shift evaluations and, once the polling interval is read, the attendance polls (`settled` waits for both). */
  start(): this {
    this.polledAt = this.d.clock.now(); // the polling interval counts from start
    this.off = this.d.events.on('agent.status', () => { this.scheduleStale = true; });
    this.tickInBackground();
    this.timers.push(setInterval(() => this.tickInBackground(), TICK_MS).unref());
    this.starting = this.d.shared.uow.read((q) => readSettingIn(q, SETTINGS.attendance)).then((settings) => {
      if (!this.stopped) this.timers.push(setInterval(() => void this.pollAttendance(), settings.intervalMinutes * 60_000).unref());
    }, (err: unknown) => this.d.log.error({ err: err instanceof Error ? err.message : String(err) }, 'status automation: attendance polling not started'));
    return this;
  }

  /** Reads the schedule again (one read at a time; a status change during the read makes it stale again). */
  private readSchedule(): Promise<void> {
    this.reading ??= (async () => {
      try {
        this.scheduleStale = false;
        this.schedule = (await this.d.shared.uow.read(readAgents)).schedule;
      } catch (err) {
        this.scheduleStale = true;
        throw err;
      } finally {
        this.reading = undefined;
      }
    })();
    return this.reading;
  }

  private tickInBackground(): void {
    this.tick().catch((err: unknown) => this.d.log.error({ err: err instanceof Error ? err.message : String(err) }, 'status automation tick failed'));
  }

  /** Stops the timers; resolves when the evaluation and poll in progress are done. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.off?.();
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.settled();
  }

  /** Resolves when the start, the shift evaluations asked for so far (and an attendance poll in progress) are done. */
  async settled(): Promise<void> {
    await this.starting;
    await this.ticks;
    await this.polling?.catch(() => undefined);
    await this.reading?.catch(() => undefined);
  }

  /** The first instant after `after` at which a shift starts or ends or a manual status runs out (as the schedule was last read). */
  nextChangeAfter(after: number): number | undefined {
    let next: number | undefined;
    const consider = (at: number | null | undefined) => {
      if (at != null && at > after && (next === undefined || at < next)) next = at;
    };
    for (const a of this.schedule?.agents ?? []) {
      if (a.manual) consider(a.until);
      consider(windowAt(a.shift, new Date(after)).span.end?.getTime());
    }
    return next;
  }

  /** Time travel: the next shift boundary or manual-status end (attendance is polled at each stop, not stepped). */
  nextDueAt(now: number): number | undefined { return this.nextChangeAfter(now); }

  /**
   * Time travel: a boundary passed since the last evaluation, or an attendance poll is due or running — or a
   * status changed since the schedule was read (then `runDue` reads it again before anything else is decided).
   */
  busy(now: number): boolean {
    return this.scheduleStale || this.reading !== undefined || this.due(now);
  }

  async runDue(now: number): Promise<void> {
    const due = this.due(now);
    await this.reading?.catch(() => undefined);
    if (this.scheduleStale) await this.readSchedule();
    if (!due && !this.due(now)) return; // only the schedule was stale
    await this.tick();
    if (this.attendancePollDue(now)) await this.pollAttendance();
  }

  private due(now: number): boolean {
    if (this.polling || this.ticksInFlight > 0) return true;
    if (this.attendancePollDue(now)) return true;
    if (this.tickedAt === undefined) return false;
    const next = this.nextChangeAfter(this.tickedAt);
    return next !== undefined && next <= now;
  }

  private attendancePollDue(now: number): boolean {
    return this.polledAt !== undefined && this.schedule !== undefined && now - this.polledAt >= this.schedule.attendanceEveryMs;
  }

  /** Evaluates every agent's shift now (after an evaluation in progress); resolves with the number of status changes. */
  tick(): Promise<number> {
    this.ticksInFlight++;
    const run = this.ticks.then(() => this.evaluateShifts());
    this.ticks = run.catch(() => undefined).finally(() => { this.ticksInFlight--; });
    return run;
  }

  private async evaluateShifts(): Promise<number> {
    const now = this.d.clock.now();
    this.tickedAt = now;
    let changed = 0;
    const { uow } = this.d.shared;
    this.scheduleStale = false; // read here; a status changed from now on makes it stale again
    const { list, shiftOf, schedule } = await uow.read(readAgents);
    this.schedule = schedule;
    for (const [i, a] of list.entries()) {
      const shift = shiftOf.get(a.userid);
      const onShift = isOpenAt(schedule.agents[i]!.shift, new Date(now));
      const agentNow = { status: a.status, source: a.statusSource, until: a.statusUntil };
      const change: Change = onManualExpired(agentNow, onShift, now)
        ?? (shift?.onShift != null && shift.onShift !== onShift ? onShiftTransition(agentNow, onShift, now) : null);
      const set = { onShift, evaluatedAt: now };
      await uow.run(async ({ db, t }) => { await db.insert(t.agentShifts).values({ userid: a.userid, ...set }).onConflictDoUpdate({ target: t.agentShifts.userid, set }); });
      if (change) {
        await setAgentStatus({ ctx: this.d, input: { userid: a.userid, status: change.status, source: change.source, until: null, reason: change.reason } });
        changed++;
      }
    }
    return changed;
  }

  /** Reads the trailing window's check-ins and applies the new ones in time order; returns changes made. */
  pollAttendance(): Promise<number> {
    this.polling ??= this.poll().finally(() => { this.polling = undefined; });
    return this.polling;
  }

  private async poll(): Promise<number> {
    this.polledAt = this.d.clock.now();
    const { uow } = this.d.shared;
    const settings: AttendanceSettings = await uow.read((q) => readSettingIn(q, SETTINGS.attendance));
    if (!settings.enabled) return 0;
    const nowS = Math.floor(this.polledAt / 1000);
    const { stored, userids } = await uow.read(async (q) => ({
      stored: await readSettingIn(q, SETTINGS.attendanceSeen),
      userids: (await q.db.select({ u: q.t.agents.userid }).from(q.t.agents)).map((r) => r.u),
    }));
    const seen = stored ?? { since: nowS - 3600, latest: {} };
    // WeCom answers at most 30 days per call (WECOM.md §4)
    const from = Math.max(seen.since, nowS - Math.round(settings.lookbackHours * 3600), nowS - MAX_SPAN_S);
    const records = [];
    try {
      for (let i = 0; i < userids.length; i += 100) {
        const r = await this.d.wecom.getCheckinData({ starttime: from, endtime: nowS, useridlist: userids.slice(i, i + 100) });
        records.push(...r.checkindata);
      }
    } catch (err) {
      this.d.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'attendance poll failed; will retry');
      return 0;
    }
    let changed = 0;
    const latest = { ...seen.latest };
    const fresh = records.filter((r) => r.checkin_time >= from && !r.exception_type.includes('未打卡'))
      .sort((a, b) => a.checkin_time - b.checkin_time);
    for (const rec of fresh) {
      if (rec.checkin_time <= (latest[rec.userid] ?? 0)) continue; // seen before, or older than a newer check-in
      latest[rec.userid] = rec.checkin_time;
      const a = await uow.read((q) => first(q.db.select().from(q.t.agents).where(eq(q.t.agents.userid, rec.userid)).limit(1)));
      if (!a) continue;
      // a status set after this check-in happened (by hand, the schedule, the system) is newer: it stays
      if (a.statusSource !== 'attendance' && a.statusChangedAt > rec.checkin_time * 1000) continue;
      const change = onCheckin({ status: a.status, source: a.statusSource, until: a.statusUntil }, rec.checkin_type, this.d.clock.now());
      if (change) {
        await setAgentStatus({ ctx: this.d, input: { userid: a.userid, status: change.status, source: change.source, until: null, reason: change.reason } });
        changed++;
      }
    }
    await uow.run((tx) => writeSettingIn(tx, SETTINGS.attendanceSeen, { since: seen.since, latest }, { at: this.d.clock.now(), by: 'attendance' }));
    return changed;
  }
}
