/**
 * @module Benchmark process helpers: start a tsx script as a child process and wait for its `READY {json}`
 * line, so servers under load never share an event loop with the load generator.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { CpuSample } from './cpu';

export interface Child<T> {
  info: T;
  proc: ChildProcess;
  /** the child's CPU time so far (it must call `answerCpuQuestions()`) */
  cpu(): Promise<CpuSample>;
  stop(): Promise<void>;
}

function askCpu(proc: ChildProcess): Promise<CpuSample> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: unknown) => {
      const cpu = (m as { cpu?: CpuSample } | null)?.cpu;
      if (!cpu) return;
      proc.off('message', onMessage);
      resolve(cpu);
    };
    proc.on('message', onMessage);
    if (!proc.send?.('cpu')) { proc.off('message', onMessage); reject(new Error('the child has no IPC channel')); }
  });
}

export function startChild<T>(script: string, env: Record<string, string> = {}): Promise<Child<T>> {
  const proc = spawn(process.execPath, ['--import', 'tsx', script], {
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
        cpu: () => askCpu(proc),
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
