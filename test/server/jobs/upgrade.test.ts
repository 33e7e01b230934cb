/**
 * An existing SQLite database upgrades in place: the pending timers and outbox rows written by the loops before
 * the job queue get their jobs from the migration (outbox rows in their conversation's order), and run.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { openDb, type Db } from '../../../server/db/index';

let dir: string;
let db: Db;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'moonshift-upgrade-')); });
afterEach(() => { db?.$client.close(); rmSync(dir, { recursive: true, force: true }); });

describe('upgrading a database written before the job queue', () => {
  it('gives every pending timer and outbox row its job, and none to rows already settled', () => {
    const path = join(dir, 'old.db');
    db = openDb(path);
    // the database as the old loops left it: rows without jobs, the last migration not yet applied
    db.run(sql`delete from jobs`);
    db.run(sql`delete from __drizzle_migrations where created_at = (select max(created_at) from __drizzle_migrations)`);
    db.run(sql`insert into conversations (id, open_kfid, external_userid, created_at, updated_at) values (7, 'wk', 'wm', 1, 1)`);
    db.run(sql`insert into timers (kind, key, due_at, status, armed_at) values ('esc.unanswered', 'a', 5000, 'pending', 1), ('esc.silence', 'b', 6000, 'fired', 1)`);
    db.run(sql`insert into outbox (msgid, kind, conversation_id, payload, status, next_attempt_at, created_at, updated_at) values
      ('m2', 'send_msg', 7, '{}', 'pending', 20, 20, 20), ('m1', 'send_msg', 7, '{}', 'pending', 10, 10, 10), ('m0', 'send_msg', 7, '{}', 'sent', 5, 5, 5)`);
    db.$client.close();

    db = openDb(path);
    const rows = db.all<{ kind: string; key: string; ordering_key: string | null; run_at: number; status: string }>(
      sql`select kind, key, ordering_key, run_at, status from jobs order by id`);
    const timerId = db.get<{ id: number }>(sql`select id from timers where key = 'a'`).id;
    expect(rows).toEqual([
      { kind: 'timer', key: `timer:${timerId}`, ordering_key: null, run_at: 5000, status: 'pending' },
      { kind: 'outbox.send', key: 'm1', ordering_key: 'conv:7', run_at: 10, status: 'pending' },
      { kind: 'outbox.send', key: 'm2', ordering_key: 'conv:7', run_at: 20, status: 'pending' },
    ]);
  });
});
