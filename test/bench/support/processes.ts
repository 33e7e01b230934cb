/**
 * @module Benchmark process helpers: start a tsx script as a child process and wait for its `READY {json}`
 * line, so servers under load never share an event loop with the load generator.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { CpuSample, QueryCount } from './cpu';
import type { StageSnapshot } from '../../../server/core/pipeline/stages';
import type { SimControlClient } from '../../../server/wecom-sim/control-client';

export interface Child<T> {
  info: T;
  proc: ChildProcess;
  /** the child's CPU time so far (it must call `answerCpuQuestions()`) */
  cpu(): Promise<CpuSample>;
  /** the product child's per-stage counters (null from a child without them) */
  stages(): Promise<StageSnapshot | null>;
  /** the product child's SQL statements sent to PostgreSQL so far (null on SQLite or from another child) */
  queries(): Promise<QueryCount | null>;
  stop(): Promise<void>;
}

function ask<K extends 'cpu' | 'stages' | 'queries', T>(proc: ChildProcess, question: K): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: unknown) => {
      if (m === null || typeof m !== 'object' || !(question in m)) return;
      proc.off('message', onMessage);
      resolve((m as Record<K, T>)[question]);
    };
    proc.on('message', onMessage);
    if (!proc.send?.(question)) { proc.off('message', onMessage); reject(new Error('the child has no IPC channel')); }
  });
}

/** With BENCH_CPU_PROF=<dir>, every child runs under V8's sampling profiler (Node refuses --cpu-prof in NODE_OPTIONS). */
const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];

export function startChild<T>(script: string, env: Record<string, string> = {}): Promise<Child<T>> {
  const proc = spawn(process.execPath, [...profile, '--import', 'tsx', script], {
    env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let buf = '';
    const onData = (b: Buffer) => {
      buf += b.toString();
      const m = /^READY (.*)$/m.exec(buf);
      if (!m?.[1]) return;
      proc.stdout?.off('data', onData);
      proc.stdout?.resume(); // keep draining the child's logs so it never blocks on a full pipe
      resolve({
        info: JSON.parse(m[1]) as T,
        proc,
        cpu: () => ask<'cpu', CpuSample>(proc, 'cpu'),
        stages: () => ask<'stages', StageSnapshot | null>(proc, 'stages'),
        queries: () => ask<'queries', QueryCount | null>(proc, 'queries'),
        stop: () => new Promise<void>((done) => { proc.once('exit', () => done()); proc.kill('SIGTERM'); }),
      });
    };
    proc.stdout?.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`${script} exited with ${code} before READY`)));
  });
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/** BENCH_TIMELINE's line: p50/p99 of the latencies of each second sent, from `t0` (samples: [sent at, latency ms]). */
export function timelineLine(samples: [number, number][], t0: number): string {
  const bySecond = new Map<number, number[]>();
  for (const [at, ms] of samples) {
    const second = Math.floor((at - t0) / 1000);
    bySecond.set(second, [...bySecond.get(second) ?? [], ms]);
  }
  return [...bySecond].sort((a, b) => a[0] - b[0]).map(([sec, l]) => {
    l.sort((a, b) => a - b);
    return `${sec}s ${fmt(percentile(l, 50), 0)}/${fmt(percentile(l, 99), 0)}`;
  }).join('  ');
}

/**
 * Waits (up to `timeoutMs`) until each of `last` — the customers who wrote last, `before` items in their inbox
 * when they did — has a new inbox item (the simulator's inbox wait, per customer): the all-inboxes answer (thousands of
 * items) takes the simulator ~0.2 s, and asked while the last second's messages are still in flight it would add that
 * to their latencies. Whoever waits for every reply after this fetches all inboxes once the pipeline has caught up.
 */
export async function untilLastAnswered(sim: SimControlClient, last: { customer: string; before?: number }[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const { customer, before = 0 } of last) {
    await sim.waitInbox({ external_userid: customer, after: before, timeout_ms: Math.max(0, Math.min(60_000, deadline - Date.now())) });
  }
}
