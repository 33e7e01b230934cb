import { describe, it, expect, afterEach } from 'vitest';
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../../../server/adapters/db/sqlite/index';
import { startCheckpointer } from '../../../server/adapters/db/sqlite/checkpointer';
import { openStorage } from '../../../server/app/storage';
import { systemClock } from '../../../server/app/clock';
import { createLogger } from '../../../server/app/log';

const dirs: string[] = [];
const open: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fileDb() {
  const dir = mkdtempSync(join(tmpdir(), 'checkpointer-'));
  dirs.push(dir);
  const path = join(dir, 'c.db');
  const sqlite = openDb(path).$client;
  sqlite.exec('create table filler (id integer primary key, body text not null)');
  open.push({ async stop() { sqlite.close(); } });
  return { sqlite, path, dir };
}

const insert = (sqlite: Database.Database, rows: number) => {
  const add = sqlite.prepare('insert into filler (body) values (?)');
  sqlite.transaction(() => { for (let i = 0; i < rows; i++) add.run('月'.repeat(600)); })();
};

describe('WAL checkpoints in a thread of their own (SQLite file)', () => {
  it('copies committed pages into the database file while the writer does not checkpoint', async () => {
    const { sqlite, path, dir } = fileDb();
    const c = startCheckpointer(sqlite, { intervalMs: 5 })!;
    open.unshift(c);
    await c.ready;
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    insert(sqlite, 400); // ~1.8 KB each: a few hundred pages in the WAL
    // the database file alone (no WAL beside it) holds every row after one of the thread's checkpoints
    const rowsInFileAlone = () => {
      copyFileSync(path, join(dir, 'alone.db'));
      const alone = new Database(join(dir, 'alone.db'), { readonly: true });
      try { return (alone.prepare('select count(*) as n from filler').get() as { n: number }).n; } catch { return -1; } finally { alone.close(); }
    };
    expect(rowsInFileAlone()).not.toBe(400);
    while (rowsInFileAlone() !== 400) await c.next();
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
  });

  it('makes the WAL start over under writes that never pause (a RESTART past the limit)', async () => {
    // A PASSIVE checkpoint always trails a writer that never pauses, so the WAL only grows (checked by hand: 18
    // reports, 534 → 5,903 frames, never smaller); past `restartFrames` the thread takes the write lock for the last
    // frames, and the next transaction starts the WAL over — a report with fewer frames than the one before.
    const { sqlite } = fileDb();
    const c = startCheckpointer(sqlite, { intervalMs: 2, restartFrames: 64 })!;
    open.unshift(c);
    await c.ready;
    const reports: number[] = [];
    let startedOver = false;
    const watch = (async () => {
      for (;;) {
        const { log } = await c.next();
        if (reports.length > 0 && log < reports.at(-1)!) startedOver = true;
        reports.push(log);
      }
    })();
    void watch;
    let transactions = 0;
    while (!startedOver && transactions < 30_000) {
      insert(sqlite, 4);
      transactions++;
      await new Promise((r) => setImmediate(r));
    }
    expect(startedOver).toBe(true);
    expect(sqlite.prepare('select count(*) as n from filler').get()).toEqual({ n: transactions * 4 });
  });

  it('gives checkpoints back to the writer when it stops', async () => {
    const { sqlite } = fileDb();
    const c = startCheckpointer(sqlite)!;
    await c.ready;
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await c.stop();
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it('is not started for an in-memory database (no WAL)', () => {
    const sqlite = openDb(':memory:').$client;
    expect(startCheckpointer(sqlite)).toBeUndefined();
    sqlite.close();
  });

  it('runs in live mode only: the demo keeps SQLite checkpointing inside its commits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'checkpointer-mode-'));
    dirs.push(dir);
    const live = await openStorage({ databaseUrl: undefined, databasePath: join(dir, 'live.db'), mode: 'live' }, systemClock, createLogger('silent'));
    await live.checkpointer!.ready;
    expect(live.sqlite!.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await live.close();
    const demo = await openStorage({ databaseUrl: undefined, databasePath: join(dir, 'demo.db'), mode: 'demo' }, systemClock, createLogger('silent'));
    expect(demo.checkpointer).toBeUndefined();
    expect(demo.sqlite!.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await demo.close();
  });
});
