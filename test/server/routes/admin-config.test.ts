import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import { startProduct, type TestProduct } from '../../support/product';
import { sameOrigin, signIn } from '../../support/auth';
import { SETTINGS } from '../../../server/core/config/catalogue';
import { readSettingIn } from '../../../server/core/config/settings';
import { DEFAULT_RULE_SET } from '../../../shared/engine/index';

let p: TestProduct;
let admin: string;
let agent: string;
beforeAll(async () => {
  p = await startProduct({ ADMIN_USERIDS: 'wangwu' });
  admin = await signIn(p.url, 'wangwu');
  agent = await signIn(p.url, 'lisi');
});
afterAll(async () => { await p.stop(); });

async function api(method: string, path: string, body?: unknown, cookie = admin) {
  const res = await fetch(`${p.url}${path}`, {
    method, headers: { cookie, ...sameOrigin(p.url), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read loosely shaped JSON
  return { status: res.status, body: await res.json() as any };
}
const active = () => p.deps.shared.uow.read((q) => readSettingIn(q, SETTINGS.activeRuleSet));

describe('admin configuration API', () => {
  it('refuses agents (403) and anonymous callers (401)', async () => {
    for (const path of ['/api/admin/rule-sets', '/api/admin/templates', '/api/admin/calendar', '/api/admin/catalogue']) {
      expect((await api('GET', path, undefined, agent)).status).toBe(403);
      expect((await api('GET', path, undefined, '')).status).toBe(401);
    }
  });

  it('serves the catalogue that drives the rule form', async () => {
    const r = await api('GET', '/api/admin/catalogue');
    expect(r.body.conditions.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(['keywords', 'intent', 'window', 'agent_status', 'same_content']));
    expect(r.body.actions.map((a: { id: string }) => a.id)).toEqual(expect.arrayContaining(['reply_template', 'transfer', 'alert_manager', 'mute', 'follow_up']));
  });

  it('rejects an invalid rule set with a clear message and leaves the active version alone', async () => {
    const before = await active();
    const r = await api('POST', '/api/admin/rule-sets', { body: { rules: [{ id: 'x', name: 'x', priority: 1, when: { type: 'no_such_condition' }, then: [] }] } });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/invalid/);
    expect(r.body.error.issues.length).toBeGreaterThan(0);
    expect(await active()).toBe(before);
  });

  it('rejects a template with an unknown variable, naming it, and keeps the stored one', async () => {
    const before = (await api('GET', '/api/admin/templates')).body.templates.find((t: { id: string }) => t.id === 'tpl_night');
    const r = await api('PUT', '/api/admin/templates/tpl_night', { ...before, body: '您好 {{customer.nick}}，{{next_open}} 见' });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body.error)).toContain('customer.nick');
    const after = (await api('GET', '/api/admin/templates')).body.templates.find((t: { id: string }) => t.id === 'tpl_night');
    expect(after).toEqual(before);
  });

  it('rejects overlapping and inverted hours and keeps the calendar', async () => {
    const { config } = (await api('GET', '/api/admin/calendar')).body;
    const overlapping = { ...config, weekly: { ...config.weekly, 1: [{ start: '09:00', end: '13:00' }, { start: '12:00', end: '18:00' }] } };
    const r1 = await api('PUT', '/api/admin/calendar', { config: overlapping });
    expect(r1.status).toBe(400);
    expect(r1.body.error.message).toMatch(/overlap/);
    const inverted = { ...config, weekly: { ...config.weekly, 2: [{ start: '18:00', end: '09:00', overnight: false }] } };
    expect((await api('PUT', '/api/admin/calendar', { config: inverted })).status).toBe(400);
    expect((await api('GET', '/api/admin/calendar')).body.config).toEqual(config);
  });

  it('tests a draft rule at a chosen instant, publishes it, and rolls back to the previous version', async () => {
    const lunchRule = { id: 'lunch_custom', name: '午休专用', priority: 950, when: { type: 'window', in: ['lunch'] }, then: [{ type: 'reply_template', kind: 'custom', templateId: 'tpl_refund' }], stop: true };
    const body = { ...DEFAULT_RULE_SET, rules: [lunchRule, ...DEFAULT_RULE_SET.rules] };
    const tested = await api('POST', '/api/admin/rule-sets/test', { body, text: '在吗', at: '2026-11-26T13:30:00+08:00' });
    expect(tested.status).toBe(200);
    expect(tested.body.window).toBe('lunch');
    expect(tested.body.trace.rules.find((r: { ruleId: string }) => r.ruleId === 'lunch_custom').outcome).toBe('fired');
    expect(tested.body.explain.join('\n')).toMatch(/午休专用/);
    expect(tested.body.replies[0].templateId).toBe('tpl_refund');

    const draft = await api('POST', '/api/admin/rule-sets', { body, note: 'lunch' });
    expect(draft.status).toBe(201);
    const previous = await active();
    expect((await api('POST', `/api/admin/rule-sets/${draft.body.version}/publish`)).body.active).toBe(draft.body.version);
    expect(await active()).toBe(draft.body.version);
    expect((await api('POST', '/api/admin/rule-sets/rollback')).body.active).toBe(previous);
    expect(await active()).toBe(previous);
    const audit = p.deps.db.$client.prepare("select action from audit_log where actor = 'wangwu' order by id").all() as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['rules.draft', 'rules.publish']));
  });

  it('previews what happens at an instant: 2026-10-02 10:00 is a holiday that reopens on 10月8日', async () => {
    const r = await api('GET', `/api/admin/calendar/preview?at=${encodeURIComponent('2026-10-02T10:00:00+08:00')}`);
    expect(r.body).toMatchObject({ window: 'holiday', nextOpenAt: '2026-10-08T09:00:00+08:00' });
    expect(r.body.nextOpenText).toContain('10月8日');
  });

  it('imports a year of holidays from CSV, reporting bad rows by line and saving nothing then', async () => {
    const bad = await api('POST', '/api/admin/calendar/import', { format: 'csv', content: 'date,kind,name\n2027-01-01,holiday,元旦\n2027-13-01,休,坏\n' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].line).toBe(3);
    const ok = await api('POST', '/api/admin/calendar/import', { format: 'csv', content: 'date,kind,name\n2027-01-01,holiday,元旦\n' });
    expect(ok.body).toMatchObject({ imported: 1, errors: [] });
    const preview = await api('GET', `/api/admin/calendar/preview?at=${encodeURIComponent('2027-01-01T10:00:00+08:00')}`);
    expect(preview.body.window).toBe('holiday');
  });
});

describe('calendars per team (a 微信客服 account)', () => {
  it('lets a team keep its own hours: its customers are answered by them, others by the organisation\'s', async () => {
    const team = 'wkMoonshiftDemo01';
    const org = (await api('GET', '/api/admin/calendar')).body;
    expect(org.teams).toEqual(expect.arrayContaining([expect.objectContaining({ openKfid: team, own: false })]));
    expect((await api('GET', `/api/admin/calendar?team=${team}`)).body).toMatchObject({ team, inherited: true });
    // a round-the-clock team
    const allDay = Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [{ start: '00:00', end: '24:00' }]]));
    const saved = await api('PUT', `/api/admin/calendar?team=${team}`, { config: { ...org.config, weekly: allDay, useStatutoryHolidays: false } });
    expect(saved.status).toBe(200);
    const teamPreview = await api('GET', `/api/admin/calendar/preview?team=${team}&at=${encodeURIComponent('2026-11-26T23:30:00+08:00')}`);
    const orgPreview = await api('GET', `/api/admin/calendar/preview?at=${encodeURIComponent('2026-11-26T23:30:00+08:00')}`);
    expect(teamPreview.body.window).toBe('open');
    expect(orgPreview.body.window).toBe('night');
    // the engine reads the team's calendar for that account's conversations: no night notice at 22:00
    await p.sim.customerSend({ external_userid: 'wmTeamCal01', msgtype: 'text', content: '你好' });
    const { waitFor } = await import('../../support/wait');
    const row = await waitFor(() => p.deps.db.$client.prepare("select d.facts from decisions d join conversations c on c.id = d.conversation_id where c.external_userid = 'wmTeamCal01'").get() as { facts: string } | undefined, { what: 'decision' });
    expect(JSON.parse(row.facts).window).toBe('open');
    expect((await api('DELETE', `/api/admin/calendar?team=${team}`)).status).toBe(200);
    expect((await api('GET', `/api/admin/calendar?team=${team}`)).body.inherited).toBe(true);
  });
});

describe('a stored decision, read back', () => {
  it('is stored without what its rule set says of itself, and read whole through its own version after a newer one is published', async () => {
    await p.sim.customerSend({ external_userid: 'wmStoredTrace01', msgtype: 'text', content: '在吗' });
    const { waitFor } = await import('../../support/wait');
    const row = await waitFor(() => p.deps.db.$client.prepare("select d.trace, d.conversation_id as conv, d.rule_set_version as version from decisions d join conversations c on c.id = d.conversation_id where c.external_userid = 'wmStoredTrace01'").get() as { trace: string; conv: number; version: string } | undefined, { what: 'decision' });
    const made = (await api('GET', `/api/admin/rule-sets/${row.version}`)).body.body as typeof DEFAULT_RULE_SET;
    const names = new Map(made.rules.map((r) => [r.id, r.name]));
    expect(JSON.parse(row.trace)).toMatchObject({ packed: 1 });
    for (const name of names.values()) expect(row.trace).not.toContain(name); // rule names (and their conditions) stay with the rule set

    // a newer version renames every rule: the stored decision still reads as the version it was made with
    const renamed = { ...made, rules: made.rules.map((r) => ({ ...r, name: `${r.name}（新）` })) };
    const draft = await api('POST', '/api/admin/rule-sets', { body: renamed, note: 'renamed' });
    expect((await api('POST', `/api/admin/rule-sets/${draft.body.version}/publish`)).status).toBe(200);
    try {
      const read = await api('GET', `/api/admin/conversations/${row.conv}/decisions?lang=zh`);
      expect(read.status).toBe(200);
      const [decision] = read.body.decisions;
      const rules = decision.trace.rules as { ruleId: string; name: string; outcome: string; failed?: { type: string; expected: string; params: object; path: string } }[];
      expect(rules.map((r) => r.name)).toEqual(rules.map((r) => names.get(r.ruleId)));
      const missed = rules.filter((r) => r.outcome === 'not_matched');
      expect(missed.length).toBeGreaterThan(0);
      for (const r of missed) {
        expect(r.failed!.type).not.toBe('unknown');
        expect(r.failed!.expected).not.toBe(r.failed!.path); // the condition in words, from the version's own rule
      }
      expect(decision.explain.join('\n')).toContain(missed[0]!.name);
    } finally {
      await api('POST', '/api/admin/rule-sets/rollback');
    }
  });
});
