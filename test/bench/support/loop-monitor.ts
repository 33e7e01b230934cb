/**
 * @module BENCH_LOOP_DELAY=<ms>: every <ms>, a benchmark child writes its event loop's delay (p50, p99, max) and the
 * garbage collector's pauses in that interval (count, longest, sum) on stderr, named by `who` — how long the
 * process's synchronous stretches and collections keep its callbacks, pulls and sends waiting.
 */
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

export function monitorLoop(who: string): void {
  const every = Number(process.env.BENCH_LOOP_DELAY);
  if (!every) return;
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const ms = (ns: number) => (ns / 1e6).toFixed(1);
  let gc = { n: 0, max: 0, sum: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) { gc.n++; gc.sum += e.duration; gc.max = Math.max(gc.max, e.duration); }
  }).observe({ entryTypes: ['gc'] });
  setInterval(() => {
    process.stderr.write(`${who} loop delay p50 ${ms(delay.percentile(50))} ms  p99 ${ms(delay.percentile(99))} ms  max ${ms(delay.max)} ms`
      + `  gc ${gc.n} pauses, longest ${gc.max.toFixed(1)} ms, ${gc.sum.toFixed(1)} ms in all\n`);
    delay.reset();
    gc = { n: 0, max: 0, sum: 0 };
  }, every).unref();
}
