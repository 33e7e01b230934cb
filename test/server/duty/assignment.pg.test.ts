/**
 * @module Two transactions planning moves at once on PostgreSQL (two instances, or one instance storing a page in
 * lanes): the second reads the agents' loads only after the first committed the move it planned, so the last free
 * slot under the session cap goes to one customer, never to both.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { relayCandidatesIn } from '../../../server/core/duty/on-duty';
import { SETTINGS } from '../../../server/core/config/catalogue';
import { writeSettingIn } from '../../../server/core/config/settings';
import { SERIALIZE_PREFIX } from '../../../server/adapters/db/pg/unit-of-work';
import { ASSIGNMENT } from '../../../server/core/duty/load';
import type { Tx, UnitOfWork } from '../../../server/core/ports/unit-of-work';
import { pgEngine } from '../../support/engines';
import { pgTestUrl } from '../../support/pg-database';
import { waitFor } from '../../support/wait';

const url = pgTestUrl();
const T0 = Date.parse('2026-12-02T10:00:00+08:00');
const KF = 'wk_1';

describe.skipIf(!url)('assignment on PostgreSQL', () => {
  const engine = pgEngine(url!);
  afterEach(async () => { await engine.cleanup(); });
  afterAll(async () => { await engine.dispose(); });

  it('gives the last free slot under the cap to one of two transactions planning at once; the other sees the agent at the cap', async () => {
    const uow: UnitOfWork = await engine.open();
    let conversationNo = 0;
    const conversation = async (tx: Tx, holder: string | null) => (await tx.db.insert(tx.t.conversations).values({
      openKfid: KF, externalUserid: `wm${++conversationNo}`, serviceState: holder ? 3 : 1, servicerUserid: holder, createdAt: T0, updatedAt: T0,
    }).returning({ id: tx.t.conversations.id }))[0]!.id;
    await uow.run(async (tx) => {
      await tx.db.insert(tx.t.agents).values([
        { userid: 'zhangsan', name: '张三', status: 'online', statusChangedAt: T0 - 60_000, createdAt: T0 },
        { userid: 'lisi', name: '李四', status: 'online', statusChangedAt: T0 - 60_000, createdAt: T0 },
      ]);
      await writeSettingIn(tx, SETTINGS.assignment, { maxSessionsPerAgent: 1, sessionMinutes: 10 }, { at: T0, by: 'test' });
      await conversation(tx, 'lisi'); // lisi is at the cap: zhangsan has the one free slot
    });
    /** Reads the candidates, waits for `go`, then plans a transfer to the first one (a pending outbox row). */
    const planner = (go: Promise<unknown>, read: () => void) => uow.run(async (tx) => {
      const [to] = await relayCandidatesIn(tx, T0, null);
      read();
      await go;
      if (!to) return null;
      const id = await conversation(tx, null);
      await tx.db.insert(tx.t.outbox).values({
        msgid: `ms${id}`, kind: 'service_state_trans', conversationId: id, nextAttemptAt: T0, createdAt: T0, updatedAt: T0,
        payload: JSON.stringify({ kind: 'service_state_trans', serviceState: 3, servicerUserid: to }),
      });
      return to;
    });

    let firstRead!: () => void;
    const firstHasRead = new Promise<void>((r) => { firstRead = r; });
    let secondRead!: () => void;
    const secondHasRead = new Promise<void>((r) => { secondRead = r; });
    const watcher = new pg.Client({ connectionString: engine.location() });
    await watcher.connect();
    try {
      // the first holds its read until the second has read too, or waits for the first to end
      const secondWaits = firstHasRead.then(() => waitFor(async () => (await watcher.query(
        `select 1 from pg_locks where locktype = 'advisory' and not granted and (classid::int8 << 32 | objid::int8) = hashtext($1)::int8`,
        [SERIALIZE_PREFIX + ASSIGNMENT])).rowCount, { what: 'the second transaction waiting for the first' })).catch(() => false);
      const first = planner(Promise.race([secondHasRead, secondWaits]), firstRead);
      const second = firstHasRead.then(() => planner(Promise.resolve(), secondRead));
      expect([await first, await second]).toEqual(['zhangsan', null]);
    } finally {
      await watcher.end();
    }
  });
});
