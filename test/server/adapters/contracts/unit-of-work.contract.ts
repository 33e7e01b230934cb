/**
 * @module The unit-of-work contract, run on every engine: commit, rollback, after-commit effects, reads that
 * never see an open transaction, concurrent transactions, nesting refused, values that round-trip as written.
 */
import { describe, it, expect, beforeEach, afterEach, afterAll } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { first } from '../../../../server/core/ports/queries';
import { NestedTransactionError, type UnitOfWork } from '../../../../server/core/ports/unit-of-work';
import { reusableQuery, reusableQueryFamily } from '../../../../server/core/ports/reusable-query';
import { readSettingIn, writeSettingIn } from '../../../../server/core/config/settings';
import { SETTINGS } from '../../../../server/core/config/catalogue';
import type { Engine } from '../../../support/engines';

const AT = 1_790_000_000_123;

const settingByKey = reusableQuery('contract_setting_by_key', ['key'], ({ db, t }, p) =>
  db.select({ value: t.appSettings.value }).from(t.appSettings).where(eq(t.appSettings.key, p.key)).limit(1));
const insertSetting = reusableQuery('contract_insert_setting', ['key', 'value', 'at'], ({ db, t }, p) =>
  db.insert(t.appSettings).values({ key: p.key, value: p.value, updatedAt: p.at }).onConflictDoNothing().returning({ key: t.appSettings.key }));
const renameValue = reusableQuery('contract_rename_value', ['from', 'to'], ({ db, t }, p) =>
  db.update(t.appSettings).set({ value: sql`${p.to}` }).where(eq(t.appSettings.value, p.from)).returning({ key: t.appSettings.key }));
/** One query per prefix list (a variant): the keys that start with any of them, up to a limit. */
const keysStartingWith = reusableQueryFamily('contract_keys_starting_with', ['limit'], ({ db, t }, p, prefixes: string) =>
  db.select({ key: t.appSettings.key }).from(t.appSettings)
    .where(sql.join((JSON.parse(prefixes) as string[]).map((x) => sql`${t.appSettings.key} like ${`${x}%`}`), sql` or `))
    .orderBy(t.appSettings.key).limit(p.limit));

export function unitOfWorkContract(engine: Engine): void {
  describe(`unit of work on ${engine.name}`, () => {
    let uow: UnitOfWork;
    beforeEach(async () => { uow = await engine.open(); });
    afterEach(() => engine.cleanup());
    afterAll(() => engine.dispose());

    const setting = (key: string) => uow.read((q) => first(q.db.select().from(q.t.appSettings).where(eq(q.t.appSettings.key, key))));

    it('commits the writes of a run and resolves with its result', async () => {
      const result = await uow.run(async (tx) => {
        await tx.db.insert(tx.t.appSettings).values({ key: 'a', value: '1', updatedAt: AT });
        return 'done';
      });
      expect(result).toBe('done');
      expect(await setting('a')).toEqual({ key: 'a', value: '1', updatedAt: AT, updatedBy: null });
    });

    it('rolls every write back when the function throws, and rethrows', async () => {
      const boom = new Error('boom');
      await expect(uow.run(async (tx) => {
        await tx.db.insert(tx.t.appSettings).values({ key: 'b', value: '1', updatedAt: AT });
        throw boom;
      })).rejects.toBe(boom);
      expect(await setting('b')).toBeUndefined();
    });

    it('rolls back when a statement fails (unique key), leaving earlier writes of the run undone', async () => {
      await uow.run(async (tx) => { await tx.db.insert(tx.t.appSettings).values({ key: 'dup', value: '1', updatedAt: AT }); });
      await expect(uow.run(async (tx) => {
        await tx.db.insert(tx.t.appSettings).values({ key: 'c', value: '1', updatedAt: AT });
        await tx.db.insert(tx.t.appSettings).values({ key: 'dup', value: '2', updatedAt: AT });
      })).rejects.toThrow();
      expect(await setting('c')).toBeUndefined();
      expect((await setting('dup'))?.value).toBe('1');
    });

    it('runs after-commit effects in order once committed, and never after a rollback', async () => {
      const seen: string[] = [];
      await uow.run(async (tx) => {
        tx.afterCommit(async () => { seen.push(`first sees ${(await setting('d'))?.value}`); });
        tx.afterCommit(() => { seen.push('second'); });
        await tx.db.insert(tx.t.appSettings).values({ key: 'd', value: 'committed', updatedAt: AT });
        seen.push('in transaction');
      });
      await uow.run(async (tx) => { tx.afterCommit(() => { seen.push('after rollback'); }); throw new Error('no'); }).catch(() => undefined);
      expect(seen).toEqual(['in transaction', 'first sees committed', 'second']);
    });

    it('lets an after-commit effect start a new unit of work', async () => {
      await uow.run(async (tx) => {
        tx.afterCommit(() => uow.run(async (tx2) => { await tx2.db.insert(tx2.t.appSettings).values({ key: 'e2', value: 'x', updatedAt: AT }); }));
        await tx.db.insert(tx.t.appSettings).values({ key: 'e1', value: 'x', updatedAt: AT });
      });
      expect(await setting('e2')).toBeDefined();
    });

    it('never lets a read outside the transaction see its uncommitted writes', async () => {
      let release!: () => void;
      const gate = new Promise<void>((r) => { release = r; });
      let written!: () => void;
      const wrote = new Promise<void>((r) => { written = r; });
      const open = uow.run(async (tx) => {
        await tx.db.insert(tx.t.appSettings).values({ key: 'f', value: 'uncommitted', updatedAt: AT });
        written();
        await gate;
      });
      await wrote;
      const during = setting('f');
      if (engine.another) {
        // a read connection (pool) of its own: it completes at once, without the open transaction's write
        expect(await during).toBeUndefined();
        release();
        await open;
      } else {
        // SQLite :memory: has one connection: the read waits for the transaction instead of joining it
        let settled = false;
        void during.then(() => { settled = true; });
        await new Promise((r) => setImmediate(r));
        expect(settled).toBe(false);
        release();
        await open;
        expect((await during)?.value).toBe('uncommitted');
      }
      expect((await setting('f'))?.value).toBe('uncommitted');
    });

    it('keeps concurrent transactions apart: 40 increments of one counter end at 40', async () => {
      await uow.run(async (tx) => { await tx.db.insert(tx.t.rateLimits).values({ bucket: 'n', windowStart: 0, count: 0 }); });
      await Promise.all(Array.from({ length: 40 }, () => uow.run(async (tx) => {
        await tx.db.update(tx.t.rateLimits).set({ count: sql`${tx.t.rateLimits.count} + 1` }).where(eq(tx.t.rateLimits.bucket, 'n'));
      })));
      const row = await uow.read((q) => first(q.db.select().from(q.t.rateLimits)));
      expect(row?.count).toBe(40);
    });

    it('refuses a unit of work started inside another one', async () => {
      await expect(uow.run(async () => uow.run(async () => 1))).rejects.toBeInstanceOf(NestedTransactionError);
      await expect(uow.run(async () => uow.read(async () => 1))).rejects.toBeInstanceOf(NestedTransactionError);
    });

    it('undoes only a failed savepoint\'s writes and commits the rest of the transaction', async () => {
      await uow.run(async (tx) => {
        await tx.db.insert(tx.t.appSettings).values({ key: 'h1', value: 'kept', updatedAt: AT });
        await tx.savepoint(async () => { await tx.db.insert(tx.t.appSettings).values({ key: 'h2', value: 'kept too', updatedAt: AT }); });
        await expect(tx.savepoint(async () => {
          await tx.db.insert(tx.t.appSettings).values({ key: 'h3', value: 'undone', updatedAt: AT });
          await tx.db.insert(tx.t.appSettings).values({ key: 'h1', value: 'duplicate', updatedAt: AT });
        })).rejects.toThrow();
        await tx.db.insert(tx.t.appSettings).values({ key: 'h4', value: 'after', updatedAt: AT });
      });
      const rows = await uow.read((q) => q.db.select({ key: q.t.appSettings.key }).from(q.t.appSettings));
      expect(rows.map((r) => r.key).sort()).toEqual(['h1', 'h2', 'h4']);
    });

    it('drops the after-commit effects a failed savepoint queued, and keeps those of the rest', async () => {
      const ran: string[] = [];
      await uow.run(async (tx) => {
        tx.afterCommit(() => { ran.push('before'); });
        await tx.savepoint(async () => { tx.afterCommit(() => { ran.push('kept part'); }); });
        await expect(tx.savepoint(async () => {
          tx.afterCommit(() => { ran.push('undone part'); });
          throw new Error('part fails');
        })).rejects.toThrow('part fails');
        tx.afterCommit(() => { ran.push('after'); });
      });
      expect(ran).toEqual(['before', 'kept part', 'after']);
    });

    it('runs a reusable query again and again with new values, inside the transaction it is given', async () => {
      await uow.run(async (tx) => {
        for (let i = 0; i < 30; i++) expect(await insertSetting(tx, { key: `r${i}`, value: i % 2 ? 'odd' : 'even', at: AT + i })).toEqual([{ key: `r${i}` }]);
        expect(await insertSetting(tx, { key: 'r0', value: 'again', at: AT })).toEqual([]); // on conflict: nothing
        expect(await settingByKey(tx, { key: 'r7' })).toEqual([{ value: 'odd' }]); // sees its own uncommitted writes
        expect((await renameValue(tx, { from: 'odd', to: 'ODD' })).length).toBe(15);
      });
      // a rolled-back transaction's reusable writes are undone (they ran on its connection, not beside it)
      await expect(uow.run(async (tx) => {
        await insertSetting(tx, { key: 'gone', value: 'x', at: AT });
        await renameValue(tx, { from: 'even', to: 'lost' });
        throw new Error('roll back');
      })).rejects.toThrow('roll back');
      await uow.read(async (q) => {
        expect(await settingByKey(q, { key: 'gone' })).toEqual([]);
        expect(await settingByKey(q, { key: 'r7' })).toEqual([{ value: 'ODD' }]);
        expect(await settingByKey(q, { key: 'r8' })).toEqual([{ value: 'even' }]);
      });
      expect(() => reusableQuery('contract_setting_by_key', [], ({ db, t }) => db.select().from(t.appSettings))).toThrow('defined twice');
    });

    it('runs each variant of a reusable query family as its own statement, side by side in one transaction', async () => {
      const keys = (rows: { key: string }[]) => rows.map((r) => r.key);
      await uow.run(async (tx) => {
        for (const key of ['a1', 'a2', 'b1', 'b2', 'c1']) await insertSetting(tx, { key, value: 'v', at: AT });
        const ab = JSON.stringify(['a', 'b']);
        const c = JSON.stringify(['c']);
        expect(keys(await keysStartingWith(tx, ab, { limit: 10 }))).toEqual(['a1', 'a2', 'b1', 'b2']);
        expect(keys(await keysStartingWith(tx, c, { limit: 10 }))).toEqual(['c1']); // on PostgreSQL: its own statement name
        expect(keys(await keysStartingWith(tx, ab, { limit: 3 }))).toEqual(['a1', 'a2', 'b1']);
        expect(keys(await keysStartingWith(tx, c, { limit: 0 }))).toEqual([]);
      });
      await uow.read(async (q) => {
        expect(keys(await keysStartingWith(q, JSON.stringify(['b', 'c']), { limit: 2 }))).toEqual(['b1', 'b2']);
      });
    });

    it('remembers settings for one transaction, and forgets what a rolled-back savepoint wrote', async () => {
      const meta = { at: AT, by: 'test' };
      await uow.run((tx) => writeSettingIn(tx, SETTINGS.faq, { minScore: 0.5 }, meta));
      await uow.run(async (tx) => {
        expect((await readSettingIn(tx, SETTINGS.faq)).minScore).toBe(0.5);
        await writeSettingIn(tx, SETTINGS.faq, { minScore: 0.6 }, meta);
        expect((await readSettingIn(tx, SETTINGS.faq)).minScore).toBe(0.6);
        await expect(tx.savepoint(async () => {
          await writeSettingIn(tx, SETTINGS.faq, { minScore: 0.9 }, meta);
          expect((await readSettingIn(tx, SETTINGS.faq)).minScore).toBe(0.9);
          throw new Error('undo');
        })).rejects.toThrow('undo');
        expect((await readSettingIn(tx, SETTINGS.faq)).minScore).toBe(0.6);
        // a write that bypasses the settings module is seen by the next transaction, not remembered across them
        await tx.db.update(tx.t.appSettings).set({ value: JSON.stringify({ minScore: 0.7 }) }).where(eq(tx.t.appSettings.key, SETTINGS.faq.key));
      });
      expect(await uow.read(async (q) => (await readSettingIn(q, SETTINGS.faq)).minScore)).toBe(0.7);
      expect(await uow.run(async (tx) => (await readSettingIn(tx, SETTINGS.faq)).minScore)).toBe(0.7);
    });

    it('counts changed rows through returning()', async () => {
      await uow.run(async (tx) => {
        await tx.db.insert(tx.t.appSettings).values([{ key: 'g1', value: 'x', updatedAt: AT }, { key: 'g2', value: 'x', updatedAt: AT }]);
      });
      const changed = await uow.run((tx) => tx.db.update(tx.t.appSettings).set({ value: 'y' })
        .where(eq(tx.t.appSettings.value, 'x')).returning({ key: tx.t.appSettings.key }));
      expect(changed.map((r) => r.key).sort()).toEqual(['g1', 'g2']);
      const again = await uow.run((tx) => tx.db.insert(tx.t.appSettings).values({ key: 'g1', value: 'z', updatedAt: AT })
        .onConflictDoNothing().returning({ key: tx.t.appSettings.key }));
      expect(again).toEqual([]);
    });

    it('round-trips values exactly as written: epoch ms, booleans, doubles, null, JSON text', async () => {
      const group = { name: '夜班 A', position: 2, rotation: '{"kind":"weekdays","days":[1,2,3]}', primaryUserid: 'zhangsan',
        backupUserid: null, managerUserid: null, managerPhone: '+8613800000000', enabled: false, createdAt: AT, updatedAt: 2 ** 53 - 1 };
      const conv = { openKfid: 'wk1', externalUserid: 'wm1', serviceState: 3 as const, servicerUserid: null, lastCustomerAt: AT,
        sessionStartedAt: AT, stateCheckedAt: null, stateStale: true, unansweredSince: null,
        lastHumanAt: null, lastBotAt: null, unansweredCount: 0, mutedUntil: null, tags: '["vip","投诉"]', noticesSent: '[]',
        transferOfferSentAt: null, dedicatedManager: null, mainIntent: null, createdAt: AT, updatedAt: AT };
      const stored = await uow.run(async (tx) => {
        const [g] = await tx.db.insert(tx.t.dutyGroups).values(group).returning();
        const [c] = await tx.db.insert(tx.t.conversations).values(conv).returning();
        await tx.db.insert(tx.t.messages).values({ msgid: 'm1', conversationId: c!.id, origin: 3, msgtype: 'text',
          content: '{"content":"你好 😀"}', intent: 'greeting', intentConfidence: 0.1 + 0.2, emotion: 1 / 3, sendTime: 1_790_000_000, receivedAt: AT });
        return { g: g!, c: c! };
      });
      expect(stored.g).toEqual({ id: stored.g.id, ...group });
      const back = await uow.read(async (q) => ({
        g: await first(q.db.select().from(q.t.dutyGroups)),
        c: await first(q.db.select().from(q.t.conversations)),
        m: await first(q.db.select().from(q.t.messages)),
      }));
      expect(back.g).toEqual(stored.g);
      expect(back.c).toEqual({ id: stored.c.id, ...conv });
      expect(back.m).toMatchObject({ content: '{"content":"你好 😀"}', intentConfidence: 0.1 + 0.2, emotion: 1 / 3, sendTime: 1_790_000_000, servicerUserid: null });
    });
  });
}
