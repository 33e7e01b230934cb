/**
 * An existing SQLite database upgrades in place: a file written by the product before the job queue (its
 * migrations up to 0007, applied by drizzle's migrator from a copy of the migrations folder cut there) holds
 * pending rows of every old queue — durable timers, outbox, relays, duty-manager alerts. The product's own
 * migrate gives each its job (ordered and keyed as the product enqueues them now, none for settled rows), and the
 * product started on that file runs them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { eq, sql } from 'drizzle-orm';
import { openDb, type Db } from '../../../server/adapters/db/sqlite/index';
import { ManualClock } from '../../../server/app/clock';
import { startMoonshift } from '../../../server/app/start';
import { SimControlClient } from '../../../server/wecom-sim/control-client';
import { managerAlerts, relayDiagnostics, relayJobs } from '../../../server/adapters/db/sqlite/schema/index';
import { DEMO_KF } from '../../../server/app/demo/seed-data';
import { WEDNESDAY_10 } from '../relay/support';

/** The last migration of a database written before the job queue ran its work. */
const BEFORE_JOB_QUEUE = '0007_backup_channel_qr';
const MIGRATIONS = fileURLToPath(new URL('../../../server/adapters/db/sqlite/migrations', import.meta.url));

let dir: string;
let db: Db | undefined;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'moonshift-upgrade-')); });
afterEach(() => { db?.$client.close(); db = undefined; rmSync(dir, { recursive: true, force: true }); });

/** A database file as the product before the job queue left it: its schema, and `rows` written by the old loops. */
function oldDatabase(path: string, rows: string): void {
  const old = join(dir, 'migrations-before-jobs');
  cpSync(MIGRATIONS, old, { recursive: true });
  const journalPath = join(old, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { idx: number; tag: string }[] };
  const cut = journal.entries.findIndex((e) => e.tag === BEFORE_JOB_QUEUE);
  expect(cut).toBeGreaterThan(0);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, cut + 1) }));
  const sqlite = new Database(path);
  migrate(drizzle(sqlite), { migrationsFolder: old });
  expect(sqlite.prepare('select count(*) as n from jobs').get()).toEqual({ n: 0 });
  sqlite.exec(rows);
  sqlite.close();
}

describe('upgrading a database written before the job queue', () => {
  it('gives every pending timer, outbox row, relay and alert its job, and none to rows already settled', () => {
    const path = join(dir, 'old.db');
    oldDatabase(path, `
      insert into conversations (id, open_kfid, external_userid, created_at, updated_at) values (7, 'wk', 'wm', 1, 1), (8, 'wk', 'wn', 1, 1);
      insert into timers (id, kind, key, due_at, status, armed_at) values (1, 'esc.unanswered', 'a', 5000, 'pending', 1), (2, 'esc.silence', 'b', 6000, 'fired', 1);
      insert into outbox (msgid, kind, conversation_id, payload, status, next_attempt_at, created_at, updated_at) values
        ('m2', 'send_msg', 7, '{}', 'pending', 20, 20, 20), ('m1', 'send_msg', 7, '{}', 'pending', 10, 10, 10), ('m0', 'send_msg', 7, '{}', 'sent', 5, 5, 5);
      insert into relay_jobs (id, key, conversation_id, reason, candidates, status, next_attempt_at, created_at, updated_at) values
        (3, 'r3', 8, 'away', '["lisi"]', 'pending', 40, 30, 35), (2, 'r2', 7, 'away', '["lisi"]', 'done', 30, 30, 30);
      insert into manager_alerts (id, key, touser, title, description, url, status, created_at) values
        (5, 'k5', 'wangwu', 't5', 'd', 'u', 'pending', 50), (4, 'k4', 'wangwu', 't4', 'd', 'u', 'sent', 45), (6, 'k6', 'wangwu', 't6', 'd', 'u', 'pending', 60);
    `);

    db = openDb(path); // the product's migrate
    const rows = db.all<{ kind: string; key: string; ordering_key: string | null; payload: string; run_at: number; status: string }>(
      sql`select kind, key, ordering_key, payload, run_at, status from jobs order by id`);
    expect(rows).toEqual([
      { kind: 'timer', key: 'timer:1', ordering_key: null, payload: '{"timerId":1}', run_at: 5000, status: 'pending' },
      { kind: 'outbox.send', key: 'm1', ordering_key: 'conv:7', payload: '{"msgid":"m1"}', run_at: 10, status: 'pending' },
      { kind: 'outbox.send', key: 'm2', ordering_key: 'conv:7', payload: '{"msgid":"m2"}', run_at: 20, status: 'pending' },
      { kind: 'relay.move', key: 'relay:3', ordering_key: 'relay:8', payload: '{"relayJobId":3}', run_at: 40, status: 'pending' },
      { kind: 'alerts.deliver', key: 'alert:5', ordering_key: 'alerts:wangwu', payload: '{"touser":"wangwu"}', run_at: 50, status: 'pending' },
      { kind: 'alerts.deliver', key: 'alert:6', ordering_key: 'alerts:wangwu', payload: '{"touser":"wangwu"}', run_at: 60, status: 'pending' },
    ]);
  });

  it('runs the pending relays and alerts of the old file once the product starts on it', async () => {
    const path = join(dir, 'old.db');
    const at = new Date(WEDNESDAY_10).getTime();
    oldDatabase(path, `
      insert into conversations (id, open_kfid, external_userid, service_state, created_at, updated_at) values (900, '${DEMO_KF.open_kfid}', 'wmUpgrade01', 1, ${at - 60_000}, ${at - 60_000});
      insert into relay_jobs (id, key, conversation_id, reason, candidates, status, next_attempt_at, created_at, updated_at) values
        (1, 'old-relay', 900, 'away', '["lisi"]', 'pending', ${at - 30_000}, ${at - 60_000}, ${at - 60_000});
      insert into manager_alerts (id, key, touser, title, description, url, status, created_at) values
        (1, 'old-alert', 'wangwu', '升级前的提醒', '<div>d</div>', 'https://example.com/c/900', 'pending', ${at - 30_000});
    `);

    const app = await startMoonshift({ PORT: '0', SIM_PORT: '0', DATABASE_PATH: path, LOG_LEVEL: 'silent', ADMIN_USERIDS: 'wangwu' }, { clock: new ManualClock(at) });
    try {
      await app.travel!.settle();
      const d = app.deps.db;
      const jobs = d.all<{ kind: string; status: string }>(sql`select kind, status from jobs where kind in ('relay.move', 'alerts.deliver') order by id`);
      expect(jobs).toEqual([{ kind: 'relay.move', status: 'done' }, { kind: 'alerts.deliver', status: 'done' }]);
      expect(d.select({ status: relayJobs.status }).from(relayJobs).where(eq(relayJobs.id, 1)).get()?.status).not.toBe('pending');
      expect(d.select().from(relayDiagnostics).where(eq(relayDiagnostics.conversationId, 900)).all().length).toBeGreaterThan(0);
      expect(d.select({ status: managerAlerts.status }).from(managerAlerts).where(eq(managerAlerts.id, 1)).get()?.status).toBe('sent');
      const cards = (await new SimControlClient(app.simUrl!).state()).appMessages.filter((m) => m.touser === 'wangwu');
      expect(cards.map((c) => JSON.stringify(c))).toEqual([expect.stringContaining('升级前的提醒')]);
    } finally {
      await app.close();
    }
  });
});
