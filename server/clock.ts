/**
 * @module The injected clock. Everything that reads time takes a `Clock`, so tests and the simulate CLI
 * move time freely.
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
