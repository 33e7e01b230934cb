/**
 * @module CPU time of a PostgreSQL server on this machine, for the end-to-end benchmark's PostgreSQL runs: the
 * postmaster's and its processes' user + system time from `/proc` (backends that exited are in the postmaster's
 * children totals, so a delta between two samples counts every backend of the window). Reads the postmaster's pid
 * from `postmaster.pid` in the server's data directory (`show data_directory`, superuser); null when that is
 * not readable here (a remote server, no `/proc`): the benchmark then leaves the database's CPU out.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { CpuSample } from './cpu';

/** utime, stime, cutime, cstime (clock ticks) and the parent pid of a process, or null when it is gone. */
function stat(pid: string): { ppid: string; ticks: number } | null {
  let text: string;
  try { text = readFileSync(`/proc/${pid}/stat`, 'utf8'); } catch { return null; }
  const f = text.slice(text.lastIndexOf(')') + 2).split(' '); // fields from the 3rd (state) on
  return { ppid: f[1]!, ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) };
}

/** A sampler of the server's CPU (microseconds, all counted as user time), or null when it cannot be read here. */
export async function pgServerCpu(url: string): Promise<(() => CpuSample) | null> {
  let pid: string;
  try {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const dir = (await c.query<{ data_directory: string }>('show data_directory')).rows[0]!.data_directory;
      pid = readFileSync(join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]!.trim();
    } finally { await c.end(); }
    if (!stat(pid)) return null;
  } catch {
    return null;
  }
  const hz = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return () => {
    let ticks = stat(pid)?.ticks ?? 0;
    for (const p of readdirSync('/proc')) {
      if (!/^\d+$/.test(p)) continue;
      const s = stat(p);
      if (s?.ppid === pid) ticks += s.ticks;
    }
    return { user: (ticks * 1e6) / hz, system: 0 };
  };
}
