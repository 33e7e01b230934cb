import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import { startProduct, type TestProduct } from '../../support/product';
import { sameOrigin, signIn } from '../../support/auth';
import { ManualClock } from '../../../server/app/clock';
import { auditLog } from '../../../server/adapters/db/sqlite/schema/index';
import { recordDiagnosticIn } from '../../../server/core/relay/diagnostics';
import { invalidateDutyIn } from '../../../server/core/duty/on-duty';

let p: TestProduct;
let admin: string;
const clock = new ManualClock(new Date('2026-11-27T10:00:00+08:00').getTime()); // a Friday
beforeAll(async () => {
  p = await startProduct({ ADMIN_USERIDS: 'wangwu' }, { clock });
  // start from an empty duty set-up (demo mode seeds three groups and two channels)
  await p.deps.shared.uow.run(async (tx) => {
    await tx.db.delete(tx.t.dutyGroups);
    await tx.db.delete(tx.t.dutyChannels);
    invalidateDutyIn(tx);
  });
  admin = await signIn(p.url, 'wangwu');
});
afterAll(async () => { await p.stop(); });

const api = async (method: string, path: string, body?: unknown, cookie = admin) => {
  const r = await fetch(`${p.url}/api/admin/duty${path}`, {
    method, headers: { cookie, ...sameOrigin(p.url), ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, body: (r.status === 204 ? null : await r.json()) as Record<string, unknown> & { id: number } };
};

describe('/api/admin/duty', () => {
  it('is for admins only', async () => {
    expect((await fetch(`${p.url}/api/admin/duty`)).status).toBe(401);
    const agent = await signIn(p.url, 'lisi');
    expect((await api('GET', '', undefined, agent)).status).toBe(403);
    expect((await fetch(`${p.url}/api/admin/diagnostics/relays`, { headers: { cookie: agent } })).status).toBe(403);
  });

  it('creates groups with rotation, A/B posts and manager, and computes who is on duty now', async () => {
    const weekday = await api('POST', '/groups', { name: '工作日组', rotation: { kind: 'weekdays', days: [1, 2, 3, 4, 5] }, primaryUserid: 'zhangsan', backupUserid: 'lisi', managerUserid: 'wangwu' });
    expect(weekday.status).toBe(201);
    const weekly = await api('POST', '/groups', { name: '轮值组', position: 5, rotation: { kind: 'weekly', anchor: '2026-11-23', every: 2, slot: 1 }, primaryUserid: 'wangwu', backupUserid: 'zhangsan' });
    expect(weekly.status).toBe(201);
    await p.setStatus('lisi', 'online');
    let now = (await api('GET', '')).body as unknown as { now: { group: { name: string }; primary: { userid: string; available: boolean }; current: { userid: string } }; candidates: string[] };
    expect(now.now.group.name).toBe('工作日组');
    expect(now.now.primary).toMatchObject({ userid: 'zhangsan', available: false });
    expect(now.now.current.userid).toBe('lisi');
    await p.setStatus('zhangsan', 'online');
    now = (await api('GET', '')).body as unknown as typeof now;
    expect(now.now.current.userid).toBe('zhangsan');
    // posts, rotation and manager are separately editable
    expect((await api('PUT', `/groups/${weekday.body.id}/posts`, { primaryUserid: 'lisi', backupUserid: 'zhangsan' })).body).toMatchObject({ primaryUserid: 'lisi', backupUserid: 'zhangsan' });
    expect((await api('PUT', `/groups/${weekday.body.id}/rotation`, { rotation: { kind: 'weekdays', days: [6, 7] } })).status).toBe(200);
    expect((await api('PUT', `/groups/${weekday.body.id}/manager`, { managerUserid: 'lisi', managerPhone: '+8613800000000' })).body).toMatchObject({ managerUserid: 'lisi' });
    // Friday 2026-11-27 is in week 0 of the 2-week rotation anchored 2026-11-23: slot 1 is not on duty either
    now = (await api('GET', '')).body as unknown as typeof now;
    expect(now.now.group).toBeNull();
    clock.advance(7 * 86_400_000);
    admin = await signIn(p.url, 'wangwu'); // sessions last 12 h
    now = (await api('GET', '')).body as unknown as typeof now;
    expect(now.now.group.name).toBe('轮值组');
    expect((await api('DELETE', `/groups/${weekly.body.id}`)).status).toBe(204);
  });

  it('rejects bad input with a clear error and changes nothing', async () => {
    const before = p.deps.db.select().from(auditLog).all().length;
    expect((await api('POST', '/groups', { name: 'x', rotation: { kind: 'weekdays', days: [8] } })).status).toBe(400);
    const unknown = await api('POST', '/groups', { name: 'x', rotation: { kind: 'always' }, primaryUserid: 'nobody' });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('nobody');
    expect((await api('POST', '/groups', { name: 'x', rotation: { kind: 'always' }, primaryUserid: 'lisi', backupUserid: 'lisi' })).status).toBe(400);
    expect((await api('PATCH', '/groups/9999', { name: 'y' })).status).toBe(404);
    expect(p.deps.db.select().from(auditLog).all()).toHaveLength(before);
  });

  it('manages channels and the active route, writing an audit row for every change', async () => {
    const main = await api('POST', '/channels', { role: 'main', name: '微信客服', type: 'kf_link', url: 'https://work.weixin.qq.com/kfid/kfc123' });
    const backup = await api('POST', '/channels', { role: 'backup', name: '部门群码', type: 'contact_way', url: 'https://work.weixin.qq.com/ca/abc' });
    expect([main.status, backup.status]).toEqual([201, 201]);
    expect((await api('PATCH', `/channels/${backup.body.id}`, { name: '售后群码' })).body).toMatchObject({ name: '售后群码' });
    expect((await api('PUT', '/route', { active: 'backup' })).body).toMatchObject({ route: { active: 'backup' }, channel: { name: '售后群码' } });
    expect((await api('PUT', '/settings', { escalation: { unansweredMs: 120_000 }, relay: { returnMovedOnComeback: true } })).body)
      .toMatchObject({ escalation: { unansweredMs: 120_000, silenceMs: 600_000 }, relay: { returnMovedOnComeback: true } });
    expect((await api('DELETE', `/channels/${main.body.id}`)).status).toBe(204);
    const actions = p.deps.db.select().from(auditLog).all().map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining([
      'duty.group.create', 'duty.group.posts', 'duty.group.rotation', 'duty.group.manager', 'duty.group.delete',
      'duty.channel.create', 'duty.channel.update', 'duty.channel.delete', 'duty.route.set', 'duty.settings.update',
    ]));
    expect(p.deps.db.select().from(auditLog).all().every((a) => a.actor === 'wangwu')).toBe(true);
  });

  it('lists relay diagnostics newest first, night hand-overs first', async () => {
    const day = new Date('2026-11-25T10:00:00+08:00').getTime();
    const night = new Date('2026-11-24T23:00:00+08:00').getTime();
    await p.deps.shared.uow.run(async (tx) => {
      await recordDiagnosticIn(tx, { at: night, kind: 'relay', actor: 'zhangsan', target: 'lisi', reason: 'night-old', errcode: 0, result: 'moved' });
      await recordDiagnosticIn(tx, { at: day, kind: 'relay', actor: 'zhangsan', target: 'lisi', reason: 'day', errcode: 0, result: 'moved' });
      await recordDiagnosticIn(tx, { at: night + 60_000, kind: 'relay', actor: 'zhangsan', target: 'wangwu', reason: 'night-new', errcode: 95019, result: 'refused: next candidate' });
    });
    const r = await fetch(`${p.url}/api/admin/diagnostics/relays?kind=relay`, { headers: { cookie: admin } });
    const items = ((await r.json()) as { items: { reason: string; night: boolean }[] }).items;
    expect(items.map((i) => [i.reason, i.night])).toEqual([['night-new', true], ['night-old', true], ['day', false]]);
    expect((await fetch(`${p.url}/api/admin/diagnostics/relays?limit=0`, { headers: { cookie: admin } })).status).toBe(400);
  });
});
