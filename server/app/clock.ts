/**
 * @module The injected clock. Everything that reads time takes a `Clock`, so tests and the simulate CLI
 * move time freely. Production reads the real clock; demo and test mode read a `TravelClock` shared by the
 * product and the embedded simulator, which `TimeTravel` (server/app/time-travel.ts) moves forward.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests set and advance by hand. */
export class ManualClock implements Clock {
  constructor(private ms: number) {}
  now(): number { return this.ms; }
  set(at: number | string | Date): void { this.ms = new Date(at).getTime(); }
  advance(ms: number): void { this.ms += ms; }
}

/** Real time, shifted so that it reads `start` at creation and then runs on (demo time travel, browser tests). */
export function shiftedClock(start: number | string | Date): Clock {
  const offset = new Date(start).getTime() - Date.now();
  return { now: () => Date.now() + offset };
}

/**
 * The controllable clock of demo and test mode: `base` (real, shifted or manual) plus the jumps made so far.
 * It only ever moves forward, so every reader sees time pass the way it would in production.
 */
export class TravelClock implements Clock {
  private jumped = 0;
  constructor(private readonly base: Clock) {}
  now(): number { return this.base.now() + this.jumped; }
  /** Total milliseconds added by jumps. */
  get jumpedMs(): number { return this.jumped; }
  /** Moves the clock to `at` when that is later than now; an earlier instant changes nothing. */
  moveTo(at: number): void {
    const ahead = at - this.now();
    if (ahead > 0) this.jumped += ahead;
  }
}
