/**
 * @module Next year's statutory holidays: diagnostics and the calendar API warn from 1 November (org clock) while
 * they are unknown, per calendar (the organisation's and a team's own), and an import ends the warning.
 */
import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import { startProduct, type TestProduct } from '../../support/product';
import { sameOrigin, signIn } from '../../support/auth';
import { ManualClock } from '../../../server/app/clock';

let p: TestProduct;
let clock: ManualClock;
let admin: string;
const KF = 'wkMoonshiftDemo01';

beforeAll(async () => {
  clock = new ManualClock(Date.parse('2026-10-31T23:58:00+08:00'));
  p = await startProduct({ ADMIN_USERIDS: 'wangwu' }, { clock });
  admin = await signIn(p.url, 'wangwu');
});
afterAll(async () => { await p.stop(); });

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${p.url}${path}`, {
    method, headers: { cookie: admin, ...(body === undefined ? {} : { ...sameOrigin(p.url), 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read loosely shaped JSON
  return { status: res.status, body: await res.json() as any };
}
const diagnostics = async () => (await api('GET', '/api/admin/diagnostics/warnings')).body.warnings as { code: string; team: string | null; year: number; wrongFrom: string; zh: string; en: string }[];

describe('next year\'s holidays warning', () => {
  it('appears in diagnostics and on the calendar from 1 November 00:00 Beijing time, naming 2027-01-01 and the import path', async () => {
    expect(await diagnostics()).toEqual([]);
    expect((await api('GET', '/api/admin/calendar')).body.warnings).toEqual([]);
    clock.set('2026-11-01T00:00:00+08:00'); // 2026-10-31 16:00 UTC
    const [w, ...more] = await diagnostics();
    expect(more).toEqual([]);
    expect(w).toMatchObject({ code: 'holidays_unknown', team: null, year: 2027, wrongFrom: '2027-01-01' });
    expect(w!.zh).toContain('从 2027-01-01 起');
    expect(w!.zh).toContain('导入 CSV / ICS');
    expect(w!.en).toContain('Import CSV / ICS');
    expect((await api('GET', '/api/admin/calendar')).body.warnings).toEqual([expect.objectContaining({ year: 2027, zh: w!.zh })]);
    const csv = await (await fetch(`${p.url}/api/admin/diagnostics/warnings?format=csv`, { headers: { cookie: admin } })).text();
    expect(csv.split('\r\n')[0]).toBe('code,team,year,wrongFrom,started,zh,en');
  });

  it('warns for a team with its own calendar by the team\'s name, and an import into each calendar ends its warning', async () => {
    clock.set('2026-11-26T22:00:00+08:00');
    admin = await signIn(p.url, 'wangwu'); // the session of 1 November has expired
    const org = (await api('GET', '/api/admin/calendar')).body.config;
    expect((await api('PUT', `/api/admin/calendar?team=${KF}`, { config: { ...org, imported: [] } })).status).toBe(200);
    const teamName = (await api('GET', '/api/admin/calendar')).body.teams.find((t: { openKfid: string }) => t.openKfid === KF).name as string;
    expect((await diagnostics()).map((w) => [w.team, w.year])).toEqual([[null, 2027], [KF, 2027]]);
    const [teamWarning] = (await api('GET', `/api/admin/calendar?team=${KF}`)).body.warnings;
    expect(teamWarning.zh.startsWith(`「${teamName}」的日历：`)).toBe(true);

    const csv = 'date,kind,name\n2027-01-01,holiday,元旦\n2027-02-06,holiday,春节\n2027-02-20,workday,春节\n';
    expect((await api('POST', '/api/admin/calendar/import', { format: 'csv', content: csv })).status).toBe(200);
    expect((await diagnostics()).map((w) => w.team)).toEqual([KF]);
    expect((await api('GET', '/api/admin/calendar')).body.warnings).toEqual([]);
    const ics = ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20270101', 'SUMMARY:元旦 (休)', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');
    expect((await api('POST', `/api/admin/calendar/import?team=${KF}`, { format: 'ics', content: ics })).status).toBe(200);
    expect(await diagnostics()).toEqual([]);
    expect((await api('GET', `/api/admin/calendar?team=${KF}`)).body.warnings).toEqual([]);
  });
});
