/**
 * @module Where the product's time goes, per pipeline stage: a running sum of nanoseconds and a count per stage
 * (`process.hrtime.bigint`), no per-message logging. Synchronous stages nest: a stage timed inside another (the
 * decision inside the storing transaction, `timeSpan` for that asynchronous transaction) is subtracted from the
 * outer one, so each stage's sum is its own time and the sums add up. Asynchronous stages (a pull, a send: WeCom round trips) are wall time, waiting included.
 * The end-to-end benchmark reads a snapshot over its IPC channel (test/bench/support/cpu.ts).
 */

export const STAGES = ['callback', 'pull', 'store', 'decide', 'claim', 'send', 'bookkeeping'] as const;
export type Stage = (typeof STAGES)[number];

/**
 * Stages that run on the event loop without waiting (their time is CPU time); the others are wall time: the WeCom
 * round trips, and the callback's ack (its replay check waits for the write connection behind other transactions).
 */
export const SYNC_STAGES: ReadonlySet<Stage> = new Set<Stage>(['store', 'decide', 'claim', 'bookkeeping']);

/** Times a stage nested in `timeSpan`'s (see there). */
type Inner = <U>(nested: Stage, f: () => Promise<U>, o?: { uncounted?: boolean }) => Promise<U>;

export interface StageTotals { count: number; ns: number }
export type StageSnapshot = Record<Stage, StageTotals>;

export class StageCounters {
  private readonly ns = new Map<Stage, bigint>();
  private readonly count = new Map<Stage, number>();
  /** Time already charged to stages nested in each open synchronous stage (innermost last). */
  private readonly nested: bigint[] = [];

  constructor(private readonly now: () => bigint = process.hrtime.bigint) {}

  /** Adds one occurrence of `stage` that took `ns` nanoseconds. */
  add(stage: Stage, ns: bigint, occurrences = 1): void {
    this.ns.set(stage, (this.ns.get(stage) ?? 0n) + ns);
    this.count.set(stage, (this.count.get(stage) ?? 0) + occurrences);
  }

  /** Times a synchronous stage; time spent in stages timed inside it is charged to them, not to it. */
  time<T>(stage: Stage, fn: () => T): T {
    const start = this.now();
    this.nested.push(0n);
    try {
      return fn();
    } finally {
      const elapsed = this.now() - start;
      const inner = this.nested.pop()!;
      this.add(stage, elapsed - inner);
      if (this.nested.length > 0) this.nested[this.nested.length - 1]! += elapsed;
    }
  }

  /** Times an asynchronous stage (wall time from call to settlement; other work may interleave). */
  async timeAsync<T>(stage: Stage, fn: () => Promise<T>): Promise<T> {
    const start = this.now();
    try {
      return await fn();
    } finally {
      this.add(stage, this.now() - start);
    }
  }

  /**
   * Times an asynchronous stage that runs mostly on the event loop (the storing transaction: its awaits are
   * database work on the one connection), with the stages nested in it timed through `inner` and charged to
   * them, not to it — the asynchronous counterpart of `time`'s nesting (wall time, not CPU time). A nested part
   * timed `uncounted` adds its time to the stage but no occurrence (one step of it done apart from the rest).
   */
  async timeSpan<T>(stage: Stage, fn: (inner: Inner) => Promise<T>): Promise<T> {
    const start = this.now();
    let nestedNs = 0n;
    const inner: Inner = async (nested, f, o) => {
      const t0 = this.now();
      try {
        return await f();
      } finally {
        const elapsed = this.now() - t0;
        nestedNs += elapsed;
        this.add(nested, elapsed, o?.uncounted ? 0 : 1);
      }
    };
    try {
      return await fn(inner);
    } finally {
      this.add(stage, this.now() - start - nestedNs);
    }
  }

  snapshot(): StageSnapshot {
    const out = {} as StageSnapshot;
    for (const s of STAGES) out[s] = { count: this.count.get(s) ?? 0, ns: Number(this.ns.get(s) ?? 0n) };
    return out;
  }
}

/** The process's counters (one product per process). */
export const stages = new StageCounters();

/** What happened between two snapshots, per stage. */
export function stageDelta(from: StageSnapshot, to: StageSnapshot): StageSnapshot {
  const out = {} as StageSnapshot;
  for (const s of STAGES) out[s] = { count: to[s].count - from[s].count, ns: to[s].ns - from[s].ns };
  return out;
}
