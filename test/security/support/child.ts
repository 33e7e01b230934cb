/**
 * @module Starts `server-process.ts` as a child (fresh SQLite file, free ports, info-level JSON logs kept) and
 * reads its memory from /proc: `rss()` now, `peakSinceReset()` the high-water mark since `resetPeak()`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const kib = (status: string, field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;

export async function startServerProcess(env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'moonshift-attack-'));
  const dbPath = join(dir, 'db.sqlite');
  const proc = spawn(process.execPath, ['--import', 'tsx', 'test/security/support/server-process.ts'], {
    env: { ...process.env, PORT: '0', SIM_PORT: '0', DATABASE_PATH: dbPath, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  let pending = '';
  const info = await new Promise<{ url: string; simUrl: string; now: number }>((resolve, reject) => {
    proc.stdout.on('data', (b: Buffer) => {
      pending += b.toString();
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const l of parts) {
        const m = /^READY (.*)$/.exec(l);
        if (m?.[1]) resolve(JSON.parse(m[1]) as { url: string; simUrl: string; now: number });
        else lines.push(l);
      }
    });
    proc.once('exit', (code) => reject(new Error(`server process exited with ${code} before READY`)));
  });
  const pid = proc.pid!;
  const startedAt = Date.now();
  const status = () => readFileSync(`/proc/${pid}/status`, 'utf8');
  return {
    ...info,
    dbPath,
    /** The server's clock (it starts at CLOCK_AT and runs on). */
    serverNow: () => info.now + (Date.now() - startedAt),
    /** Log lines so far, parsed (pino JSON). */
    logs: () => lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { level: number; msg: string; err?: { stack?: string } }),
    rss: () => kib(status(), 'VmRSS'),
    /** Resets the kernel's peak-RSS counter (VmHWM) to the current RSS. */
    resetPeak: () => writeFileSync(`/proc/${pid}/clear_refs`, '5'),
    peakSinceReset: () => kib(status(), 'VmHWM'),
    async stop() {
      await new Promise<void>((r) => { proc.once('exit', () => r()); proc.kill('SIGTERM'); });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type ServerProcess = Awaited<ReturnType<typeof startServerProcess>>;
