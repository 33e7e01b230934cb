import { afterEach, describe, it, expect } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { openDb } from '../../../server/adapters/db/sqlite/index';
import { armTimerIn } from '../../../server/core/timers/arm';
import { sqliteUnitOfWorkOn } from '../../../server/adapters/db/sqlite/unit-of-work';
import { waitFor } from '../../support/wait';

const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => { for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL'); });

/** Starts the child; resolves on `signal` on its stdout (`ready`, or `stuck` when it hangs after `hangAfter` timers). */
function startChild(db: string, hangAfter?: number, signal = 'ready'): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, db, ...(hangAfter === undefined ? [] : [String(hangAfter)])], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let err = '';
  child.stderr!.on('data', (b: Buffer) => { err += b.toString(); });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => { if (b.toString().includes(signal)) resolve(child); });
    child.once('exit', (code) => reject(new Error(`child exited ${code}: ${err}`)));
  });
}

describe('timers survive a real crash', () => {
  it('fires 1,000 pending timers exactly once across a SIGKILL and a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'moonshift-crash-'));
    const path = join(dir, 'crash.db');
    try {
      const db = openDb(path);
      db.run(sql`create table if not exists timer_fire_log (timer_id integer not null, pid integer not null, at integer not null)`);
      const now = Date.now();
      await sqliteUnitOfWorkOn(db.$client).run(async (tx) => {
        for (let i = 0; i < 1000; i++) await armTimerIn(tx, { kind: 'crash.test', key: `crash:${i}`, dueAt: now + 1_500 + i * 3, now });
      });
      const fired = () => db.get<{ n: number }>(sql`select count(*) as n from timer_fire_log`).n;

      // the first process runs 300 timers and hangs inside the 301st's claiming transaction: kill it there
      // (the timers of that batch run before it roll back with it)
      const first = await startChild(path, 300, 'stuck');
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
      const beforeRestart = fired();
      expect(first.signalCode).toBe('SIGKILL');
      expect(beforeRestart).toBeGreaterThan(0);
      expect(beforeRestart).toBeLessThanOrEqual(300);

      const second = await startChild(path);
      await waitFor(() => fired() >= 1000, { timeoutMs: 30_000, what: 'all timers fired' });
      await new Promise((r) => setTimeout(r, 500)); // a double would show up here
      second.kill('SIGTERM');

      const perTimer = db.all<{ timer_id: number; n: number }>(sql`select timer_id, count(*) as n from timer_fire_log group by timer_id`);
      expect(perTimer).toHaveLength(1000);
      expect(perTimer.filter((r) => r.n !== 1)).toEqual([]);
      expect(db.get<{ n: number }>(sql`select count(*) as n from timers where status = 'fired' and outcome = 'logged'`).n).toBe(1000);
      expect(db.all<{ pid: number }>(sql`select distinct pid from timer_fire_log`)).toHaveLength(2);
      db.$client.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
