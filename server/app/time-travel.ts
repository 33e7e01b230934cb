/**
 * @module Time travel in demo and test mode: moves the shared `TravelClock` forward and lets every part of
 * the product that acts on time (durable timers, shift automation, attendance polling, the outbox, relays,
 * alerts, the embedded simulator's callbacks) act as if the time had passed. A jump visits, in order, every
 * instant at which some part has work — a 90 s escalation fires at +90 s, the 10 min one at +10 min, a shift
 * ends at 21:00 — and waits at each until everything due has been processed, network included. So a jump is
 * not downtime: nothing is late, and `TIMER_MAX_LATENESS_MS` keeps its meaning for real downtime only.
 * `advance()` and `settle()` resolve when the product is quiet: tests await them instead of sleeping.
 * The job queue (server/app/jobs-runtime.ts) is one `TimeDriven` part: its due times are the jobs' due times.
 */
import type { TravelClock } from './clock';
import { DomainError } from '../core/errors';
import type { Logger } from './log';

/** A part of the product that does work when time passes. */
export interface TimeDriven {
  readonly name: string;
  /** The earliest instant strictly after `now` at which it has work (undefined: nothing known); may read the database. */
  nextDueAt(now: number): number | undefined | Promise<number | undefined>;
  /** Whether work is due at `now` or still in flight; may read the database. */
  busy(now: number): boolean | Promise<boolean>;
  /** Does the work due at `now`; resolves when it is done. */
  runDue(now: number): unknown;
}

/** A backward move: the shared clock only moves forward. */
export class ClockBackwardError extends DomainError {
  constructor(ms: number) {
    super(409, 'clock_backward', `the clock only moves forward in demo and test mode (asked to move ${ms} ms); restart with DEMO_TIME to start earlier`);
  }
}

/** A jump longer than the calendar looks ahead (~400 days) or not a finite number. */
export class ClockJumpTooLargeError extends DomainError {
  constructor(ms: number) { super(400, 'clock_jump_too_large', `a jump must be a finite number of ms up to ${MAX_JUMP_MS} (got ${ms})`); }
}

export const MAX_JUMP_MS = 400 * 24 * 3_600_000;
/** Passes of "run what is busy" before a settle gives up (a part that never gets quiet is a bug: logged). */
const MAX_SETTLE_PASSES = 200;

export interface JumpReport {
  /** Clock before and after the jump (ms). */
  from: number;
  to: number;
  /** Instants visited on the way because some part had work there. */
  stops: number;
  /** Total ms the clock has been moved by jumps since start. */
  offsetMs: number;
}

export class TimeTravel {
  private readonly parts: TimeDriven[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly clock: TravelClock, private readonly log: Logger) {}

  /** Adds a part; the order of registration is the order parts run within one instant. */
  register(part: TimeDriven): () => void {
    this.parts.push(part);
    return () => { const i = this.parts.indexOf(part); if (i >= 0) this.parts.splice(i, 1); };
  }

  get offsetMs(): number { return this.clock.jumpedMs; }

  /** Moves the clock forward by `ms`, stopping at every instant where work is due; refuses to move backward. */
  advance(ms: number): Promise<JumpReport> {
    if (!Number.isFinite(ms) || ms > MAX_JUMP_MS) return Promise.reject(new ClockJumpTooLargeError(ms));
    if (ms < 0) return Promise.reject(new ClockBackwardError(ms));
    return this.serial(() => this.jump(ms));
  }

  /** Moves the clock forward to the instant `at` (refused when it lies in the past). */
  advanceTo(at: number): Promise<JumpReport> {
    return this.advance(at - this.clock.now());
  }

  /** Resolves when everything due now has been processed (no jump). */
  settle(): Promise<void> {
    return this.serial(() => this.settleNow());
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async jump(ms: number): Promise<JumpReport> {
    const from = this.clock.now();
    const target = from + ms;
    let stops = 0;
    await this.settleNow();
    for (;;) {
      const now = this.clock.now();
      const next = await this.nextDueAt(now);
      if (next === undefined || next > target) break;
      this.clock.moveTo(next);
      stops++;
      await this.settleNow();
    }
    this.clock.moveTo(target);
    await this.settleNow();
    const to = this.clock.now();
    this.log.info({ from: new Date(from).toISOString(), to: new Date(to).toISOString(), stops }, 'clock moved forward');
    return { from, to, stops, offsetMs: this.offsetMs };
  }

  private async nextDueAt(now: number): Promise<number | undefined> {
    let next: number | undefined;
    for (const p of this.parts) {
      const at = await p.nextDueAt(now);
      if (at !== undefined && at > now && (next === undefined || at < next)) next = at;
    }
    return next;
  }

  private async settleNow(): Promise<void> {
    for (let pass = 0; pass < MAX_SETTLE_PASSES; pass++) {
      const busy = await this.busyParts();
      if (busy.length === 0) return;
      for (const p of busy) {
        try {
          await p.runDue(this.clock.now());
        } catch (err) {
          this.log.error({ err, part: p.name }, 'time travel: a part failed while catching up');
        }
      }
    }
    const stuck = (await this.busyParts()).map((p) => p.name);
    this.log.warn({ stuck }, 'time travel: parts still busy after catching up');
  }

  /** The parts with work due now or in flight (asked in registration order). */
  private async busyParts(): Promise<TimeDriven[]> {
    const busy: TimeDriven[] = [];
    for (const p of this.parts) if (await p.busy(this.clock.now())) busy.push(p);
    return busy;
  }
}
