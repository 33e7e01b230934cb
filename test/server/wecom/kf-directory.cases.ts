/**
 * @module The live directory read (KfDirectorySync) on the unit of work, run against every engine
 * (kf-directory.test.ts: SQLite file and :memory:; kf-directory.pg.test.ts: PostgreSQL), with WeCom answered by
 * a stub: accounts upserted with their names, a servicer new to Moonshift becomes an agent named from user/get
 * (its userid when WeCom will not say), servicers upserted with their 接待中 / 停止接待 status, one WeCom no
 * longer lists loses the account, department servicers are skipped; a failed read changes nothing.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc } from 'drizzle-orm';
import type { UnitOfWork } from '../../../server/core/ports/unit-of-work';
import { KfDirectorySync } from '../../../server/channels/wecom-kf/kf-directory';
import type { KfAccountInfo, ServicerInfo } from '../../../server/channels/wecom-kf/types';
import type { ProductJobs } from '../../../server/app/jobs-runtime';
import type { CoreDeps } from '../../../server/app/deps';
import { WecomError } from '../../../server/core/errors';
import { createLogger } from '../../../server/app/log';
import type { Engine } from '../../support/engines';

const T0 = Date.parse('2026-12-03T10:00:00+08:00');

export function kfDirectoryCases(engine: Engine): void {
  describe(`the kf directory read on ${engine.name}`, () => {
    let uow: UnitOfWork;
    let accounts: KfAccountInfo[];
    let servicers: Record<string, ServicerInfo[]>;
    let names: Record<string, string>;
    let failing: boolean;
    const wecom = {
      listKfAccounts: async (offset: number, limit: number) => {
        if (failing) throw new WecomError(-1, 'network: down', 'kf/account/list');
        return { errcode: 0, errmsg: 'ok', account_list: accounts.slice(offset, offset + limit) };
      },
      listServicers: async (openKfid: string) => ({ errcode: 0, errmsg: 'ok', servicer_list: servicers[openKfid] ?? [] }),
      getUser: async (userid: string) => {
        const name = names[userid];
        if (name === undefined) throw new WecomError(60111, 'userid not found', 'user/get');
        return { errcode: 0, errmsg: 'ok', userid, name };
      },
    };
    // Recurring registration only (the test calls sync() itself); the synchronous store is only the duty memo's key.
    const jobs = { handle: () => undefined } as unknown as ProductJobs;
    const directory = () => new KfDirectorySync({
      wecom: wecom as unknown as CoreDeps['wecom'], clock: { now: () => T0 }, log: createLogger('silent'),
      shared: { uow } as CoreDeps['shared'],
    }, jobs);
    const stored = () => uow.read(async ({ db, t }) => ({
      accounts: (await db.select({ id: t.kfAccounts.openKfid, name: t.kfAccounts.name }).from(t.kfAccounts).orderBy(asc(t.kfAccounts.openKfid))),
      agents: (await db.select({ userid: t.agents.userid, name: t.agents.name, status: t.agents.status }).from(t.agents).orderBy(asc(t.agents.userid))),
      servicers: (await db.select({ kf: t.kfServicers.openKfid, userid: t.kfServicers.userid, wecomStatus: t.kfServicers.wecomStatus })
        .from(t.kfServicers).orderBy(asc(t.kfServicers.openKfid), asc(t.kfServicers.userid))),
    }));

    beforeEach(async () => {
      uow = await engine.open();
      failing = false;
      accounts = [{ open_kfid: 'wkA', name: '售前' }, { open_kfid: 'wkB', name: '售后' }];
      servicers = {
        wkA: [{ userid: 'zhangsan', status: 0 }, { userid: 'lisi', status: 1 }, { department_id: 7 }],
        wkB: [{ userid: 'wangwu', status: 0 }],
      };
      names = { lisi: '李四', wangwu: '王五' };
      await uow.run(async ({ db, t }) => {
        await db.insert(t.agents).values({ userid: 'zhangsan', name: '张三', status: 'online', statusChangedAt: T0 - 1000, createdAt: T0 - 1000 });
        await db.insert(t.kfAccounts).values({ openKfid: 'wkA', name: '旧名', createdAt: T0 - 1000 });
        await db.insert(t.kfServicers).values({ openKfid: 'wkA', userid: 'gone', wecomStatus: 0, updatedAt: T0 - 1000 });
      });
    });
    afterEach(async () => { await engine.cleanup(); });
    afterAll(async () => { await engine.dispose(); });

    it('stores the accounts, the servicers and the new agents WeCom lists, and drops the servicers it no longer lists', async () => {
      delete names.wangwu; // user/get refuses: named by the userid
      expect(await directory().sync()).toEqual({ accounts: 2, servicers: 4 });
      expect(await stored()).toEqual({
        accounts: [{ id: 'wkA', name: '售前' }, { id: 'wkB', name: '售后' }],
        agents: [
          { userid: 'lisi', name: '李四', status: 'offline' }, { userid: 'wangwu', name: 'wangwu', status: 'offline' },
          { userid: 'zhangsan', name: '张三', status: 'online' },
        ],
        servicers: [
          { kf: 'wkA', userid: 'lisi', wecomStatus: 1 }, { kf: 'wkA', userid: 'zhangsan', wecomStatus: 0 }, { kf: 'wkB', userid: 'wangwu', wecomStatus: 0 },
        ],
      });

      servicers.wkA = [{ userid: 'lisi', status: 0 }];
      servicers.wkB = [];
      expect(await directory().sync()).toEqual({ accounts: 2, servicers: 1 });
      expect((await stored()).servicers).toEqual([{ kf: 'wkA', userid: 'lisi', wecomStatus: 0 }]);
    });

    it('changes nothing when WeCom cannot be read', async () => {
      const before = await stored();
      failing = true;
      expect(await directory().sync()).toBeUndefined();
      expect(await stored()).toEqual(before);
    });
  });
}
