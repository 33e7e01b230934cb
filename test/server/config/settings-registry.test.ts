import { afterEach, describe, it, expect } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { openDb, type Db } from '../../../server/adapters/db/sqlite/index';
import { agents, appSettings, timers } from '../../../server/adapters/db/sqlite/schema/index';
import { SETTINGS } from '../../../server/core/config/catalogue';
import type { z } from 'zod';
import { readSettingIn, writeSettingIn, type SettingDef, type WriteMeta } from '../../../server/core/config/settings';
import type { UnitOfWork } from '../../../server/core/ports/unit-of-work';
import { sqliteUnitOfWorkOn } from '../../../server/adapters/db/sqlite/unit-of-work';
import { ValidationError } from '../../../server/core/errors';
import { wallUrlIn } from '../../../server/core/walls/walls';
import { startRelayProduct, WEDNESDAY_22 } from '../relay/support';
import { sameOrigin, signIn } from '../../support/auth';
import type { TestProduct } from '../../support/product';
import { waitFor } from '../../support/wait';

const AROUND_THE_CLOCK_IN_TOKYO = {
  timeZone: 'Asia/Tokyo', useStatutoryHolidays: false,
  weekly: Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [{ start: '00:00', end: '24:00' }]])),
};

describe('the settings registry (real SQLite files)', () => {
  let dir: string;
  const open: Db[] = [];
  const units: UnitOfWork[] = [];
  afterEach(async () => {
    for (const u of units.splice(0)) await u.close();
    for (const db of open.splice(0)) db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });
  function database(file = 'a.db'): Db {
    const db = openDb(join(dir, file));
    open.push(db);
    return db;
  }
  /** A unit of work on its own connection to the database (another instance, when there are two). */
  function unit(db: Db = database()): UnitOfWork {
    const u = sqliteUnitOfWorkOn(db.$client);
    units.push(u);
    return u;
  }
  const read = <S extends z.ZodType, F extends z.output<S> | undefined>(u: UnitOfWork, def: SettingDef<S, F>) => u.read((q) => readSettingIn(q, def));
  const write = <D extends Parameters<typeof writeSettingIn>[1]>(u: UnitOfWork, def: D, value: Parameters<typeof writeSettingIn<D>>[2], meta: WriteMeta) =>
    u.run((tx) => writeSettingIn(tx, def, value, meta));

  it('gives every reader the new value at once, including another connection to the same database (another instance)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'moonshift-settings-'));
    const a = unit(), b = unit();
    expect((await read(b, SETTINGS.escalation)).unansweredMs).toBe(90_000);
    await write(a, SETTINGS.escalation, { unansweredMs: 45_000 }, { at: 1, by: 'test' });
    expect(await read(b, SETTINGS.escalation)).toMatchObject({ unansweredMs: 45_000, silenceMs: 600_000 });
    await write(b, SETTINGS.escalation, { unansweredMs: 60_000 }, { at: 2, by: 'test' });
    expect((await read(a, SETTINGS.escalation)).unansweredMs).toBe(60_000);
  });

  it('leaves readers on the old value when the writing transaction rolls back', async () => {
    dir = mkdtempSync(join(tmpdir(), 'moonshift-settings-'));
    const db = unit();
    await write(db, SETTINGS.relay, { returnMovedOnComeback: false }, { at: 1, by: 'test' });
    await expect(db.run(async (tx) => {
      await writeSettingIn(tx, SETTINGS.relay, { returnMovedOnComeback: true }, { at: 2, by: 'test' });
      expect((await readSettingIn(tx, SETTINGS.relay)).returnMovedOnComeback).toBe(true);
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    expect((await read(db, SETTINGS.relay)).returnMovedOnComeback).toBe(false);
  });

  it('reads the stored text of the open transaction and of each database on its own connection', async () => {
    dir = mkdtempSync(join(tmpdir(), 'moonshift-settings-'));
    const a = unit(), other = unit(database('b.db'));
    expect((await read(a, SETTINGS.escalation)).unansweredMs).toBe(90_000);
    await expect(a.run(async (tx) => {
      // written behind the registry's back (no cache update): only the read itself can see it
      await tx.db.insert(tx.t.appSettings).values({ key: SETTINGS.escalation.key, value: JSON.stringify({ unansweredMs: 30_000 }), updatedAt: 1, updatedBy: 'test' });
      expect((await readSettingIn(tx, SETTINGS.escalation)).unansweredMs).toBe(30_000);
      expect((await read(other, SETTINGS.escalation)).unansweredMs).toBe(90_000);
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    expect((await read(a, SETTINGS.escalation)).unansweredMs).toBe(90_000);
  });

  it('shares one registry between units of work on two connections: a write is read at once, a rolled-back one never', async () => {
    dir = mkdtempSync(join(tmpdir(), 'moonshift-settings-'));
    const uow = unit(), b = unit();
    await read(b, SETTINGS.escalation); // cached on the old text
    await uow.run((tx) => writeSettingIn(tx, SETTINGS.escalation, { unansweredMs: 30_000 }, { at: 1, by: 'test' }));
    expect((await read(b, SETTINGS.escalation)).unansweredMs).toBe(30_000);
    await expect(uow.run(async (tx) => {
      await writeSettingIn(tx, SETTINGS.escalation, { unansweredMs: 15_000 }, { at: 2, by: 'test' });
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    expect((await read(uow, SETTINGS.escalation)).unansweredMs).toBe(30_000);
    expect((await uow.read((q) => readSettingIn(q, SETTINGS.escalation))).unansweredMs).toBe(30_000);
    await write(b, SETTINGS.escalation, { unansweredMs: 45_000 }, { at: 3, by: 'test' });
    expect((await uow.read((q) => readSettingIn(q, SETTINGS.escalation))).unansweredMs).toBe(45_000);
    await expect(uow.run((tx) => writeSettingIn(tx, SETTINGS.escalation, { unansweredMs: -1 }, { at: 4, by: 'test' }))).rejects.toBeInstanceOf(ValidationError);
  });

  it('refuses an invalid value with a ValidationError naming the field, and reads a broken stored value as the fallback', async () => {
    dir = mkdtempSync(join(tmpdir(), 'moonshift-settings-'));
    const raw = database(), db = unit(raw);
    await expect(write(db, SETTINGS.appointments, { capacity: 0 }, { at: 1, by: 'test' })).rejects.toThrow(ValidationError);
    await expect(write(db, SETTINGS.appointments, { capacity: 0 }, { at: 1, by: 'test' })).rejects.toThrow(/appointments is invalid: capacity/);
    raw.insert(appSettings).values({ key: 'appointments', value: '{"capacity": "many"', updatedAt: 1 }).run();
    expect((await read(db, SETTINGS.appointments)).capacity).toBe(2);
    await expect(write(db, SETTINGS.attendance, { enabled: true }, { at: 1, by: 'test', team: 'wkA' })).rejects.toThrow(/no team scope/);
  });
});

describe('a setting saved by an admin is seen by every reader at once (product + simulator)', () => {
  let p: TestProduct;
  afterEach(async () => { await p.stop(); });

  async function adminApi() {
    const cookie = await signIn(p.url, 'wangwu');
    return async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${p.url}${path}`, {
        method, headers: { cookie, ...sameOrigin(p.url), 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
      });
      expect(res.status, `${method} ${path}`).toBe(200);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read loosely shaped JSON
      return res.json() as Promise<any>;
    };
  }

  it('the organisation calendar: engine, shift automation, profile wall, dashboard, sidebar and the demo clock', async () => {
    ({ p } = await startRelayProduct({}, WEDNESDAY_22));
    const api = await adminApi();
    const wall = async () => (await fetch((await p.deps.shared.uow.run((tx) => wallUrlIn(tx, p.deps, 'zhangsan'))).replace(/^https?:\/\/[^/]+/, p.url))).text();
    expect(await wall()).toContain('夜间休息');

    await api('PUT', '/api/admin/calendar', { config: AROUND_THE_CLOCK_IN_TOKYO });

    expect(await wall()).toContain('营业中');
    expect((await api('GET', '/api/admin/dashboard/heatmap')).timeZone).toBe('Asia/Tokyo');
    expect((await (await fetch(`${p.url}/demo/api/clock`)).json())).toMatchObject({ timeZone: 'Asia/Tokyo', local: '2026-11-25T23:00:00+09:00' });
    const history = await (await fetch(`${p.url}/api/sidebar/me/history`, { headers: { cookie: await signIn(p.url, 'lisi') } })).json() as { since: number };
    expect(history.since).toBe(Date.parse('2026-11-25T00:00:00+09:00')); // "today" in the new zone
    expect(await p.automation.tick()).toBeGreaterThan(0);
    expect(p.deps.db.select().from(agents).where(eq(agents.userid, 'lisi')).get()).toMatchObject({ status: 'online', statusSource: 'schedule' });
    await p.sim.customerSend({ external_userid: 'wmOpenNow', msgtype: 'text', content: '在吗' });
    const decision = await waitFor(() => p.deps.db.query.decisions.findFirst(), { what: 'decision' });
    expect(JSON.parse(decision.facts)).toMatchObject({ window: 'open' });
  });

  it('escalation delays: the duty page shows them and the next customer message is armed with them', async () => {
    ({ p } = await startRelayProduct({}, WEDNESDAY_22));
    const api = await adminApi();
    await api('PUT', '/api/admin/duty/settings', { escalation: { unansweredMs: 30_000 } });
    expect((await api('GET', '/api/admin/duty')).settings.escalation.unansweredMs).toBe(30_000);
    await p.sim.customerSend({ external_userid: 'wmQuick', msgtype: 'text', content: '在吗' });
    const timer = await waitFor(() => p.deps.db.select().from(timers).where(eq(timers.kind, 'esc.unanswered')).get(), { what: 'escalation timer' });
    expect(timer.dueAt - timer.armedAt).toBe(30_000);
  });
});
