/**
 * @module The rule-set and team-template verbs, run against every engine (rule-sets.test.ts: SQLite;
 * rule-sets.pg.test.ts: PostgreSQL): draft, publish, rollback (to the previous version or a named one), the
 * refusals, the active pointer and the audit rows written in the same transaction as the change.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc } from 'drizzle-orm';
import type { UnitOfWork } from '../../../server/core/ports/unit-of-work';
import { SETTINGS } from '../../../server/core/config/catalogue';
import { readSettingIn } from '../../../server/core/config/settings';
import { getRuleSet, listRuleSets, publishRuleSet, rollbackRuleSet, saveDraft } from '../../../server/core/services/rule-sets';
import { deleteTemplate, listTeamTemplates, saveTemplate } from '../../../server/core/services/templates';
import { ConflictError, NotFoundError, ValidationError } from '../../../server/core/errors';
import type { Engine } from '../../support/engines';

const T0 = Date.parse('2026-12-02T10:00:00+08:00');

const NIGHT = { name: '夜间', kind: 'night', msgtype: 'text', body: '您好，{{next_open}} 见' };
const NOTICE = { name: '转人工', kind: 'transfer_notice', msgtype: 'text', body: '正在为您转接' };
const nightRule = (templateId: string) => ({
  rules: [{ id: 'night', name: '夜间', priority: 10, when: { type: 'window', in: ['night'] }, then: [{ type: 'reply_template', kind: 'night', templateId }] }],
});

export function ruleSetCases(engine: Engine): void {
  describe(`rule sets and team templates on ${engine.name}`, () => {
    let uow: UnitOfWork;
    let now = T0;
    let invalidated = 0;
    const ctx = () => ({ clock: { now: () => now }, shared: { uow }, org: { invalidate: () => { invalidated++; } } });
    const step = () => { now += 60_000; };
    const audits = () => uow.read(async (q) => (await q.db.select().from(q.t.auditLog).orderBy(asc(q.t.auditLog.id)))
      .map((a) => ({ actor: a.actor, action: a.action, target: a.target, before: a.before && JSON.parse(a.before), after: a.after && JSON.parse(a.after) })));
    const active = () => uow.read((q) => readSettingIn(q, SETTINGS.activeRuleSet));

    beforeEach(async () => {
      uow = await engine.open();
      now = T0;
      invalidated = 0;
      await saveTemplate({ ctx: ctx(), input: { id: 'tpl_night', template: NIGHT, by: 'admin' } });
      await saveTemplate({ ctx: ctx(), input: { id: 'tpl_notice', template: NOTICE, by: 'admin' } });
      step();
    });
    afterEach(async () => { await engine.cleanup(); });
    afterAll(async () => { await engine.dispose(); });

    const draft = async (note: string) => { const d = await saveDraft({ ctx: ctx(), input: { body: nightRule('tpl_night'), note, by: 'admin' } }); step(); return d; };
    const publish = async (version: string) => { const r = await publishRuleSet({ ctx: ctx(), input: { version, by: 'boss' } }); step(); return r; };

    it('saves team templates with an audit row each and drops the cached copy after commit', async () => {
      expect((await uow.read(listTeamTemplates)).map((t) => t.id).sort()).toEqual(['tpl_night', 'tpl_notice']);
      expect(invalidated).toBe(2);
      await saveTemplate({ ctx: ctx(), input: { id: 'tpl_night', template: { ...NIGHT, body: '晚安' }, by: 'admin' } });
      expect((await audits()).map((a) => a.action)).toEqual(['template.create', 'template.create', 'template.update']);
      expect((await audits())[2]).toMatchObject({ target: 'tpl_night', before: { body: NIGHT.body }, after: { body: '晚安' } });
    });

    it('refuses an invalid draft (a template that does not exist) and stores nothing', async () => {
      await expect(saveDraft({ ctx: ctx(), input: { body: nightRule('tpl_missing'), by: 'admin' } })).rejects.toBeInstanceOf(ValidationError);
      expect(await uow.read(listRuleSets)).toEqual([]);
      expect((await audits()).filter((a) => a.action.startsWith('rules.'))).toEqual([]);
    });

    it('publishes a draft: the active pointer moves, the previous one is archived, each step audited', async () => {
      const v1 = await draft('first');
      expect(await uow.read((q) => getRuleSet(q, v1.version))).toMatchObject({ version: v1.version, status: 'draft', note: 'first', createdBy: 'admin', body: { rules: [{ id: 'night' }] } });
      expect(await publish(v1.version)).toEqual({ active: v1.version });
      const v2 = await draft('second');
      await publish(v2.version);
      expect(await active()).toBe(v2.version);
      const list = await uow.read(listRuleSets);
      expect(list.map((r) => [r.version, r.status, r.active])).toEqual([[v2.version, 'published', true], [v1.version, 'archived', false]]);
      expect(list[0]).toMatchObject({ publishedBy: 'boss', publishedAt: T0 + 4 * 60_000 });
      expect((await audits()).filter((a) => a.action.startsWith('rules.')).map((a) => [a.action, a.target, a.before, a.after]))
        .toEqual([['rules.draft', v1.version, null, expect.objectContaining({ version: v1.version })], ['rules.publish', v1.version, null, v1.version],
          ['rules.draft', v2.version, null, expect.objectContaining({ version: v2.version })], ['rules.publish', v2.version, v1.version, v2.version]]);
    });

    it('refuses to publish the active version or an unknown one, changing nothing', async () => {
      const v1 = await draft('first');
      await publish(v1.version);
      await expect(publishRuleSet({ ctx: ctx(), input: { version: v1.version, by: 'boss' } })).rejects.toBeInstanceOf(ConflictError);
      await expect(publishRuleSet({ ctx: ctx(), input: { version: 'r-none', by: 'boss' } })).rejects.toBeInstanceOf(NotFoundError);
      await expect(uow.read((q) => getRuleSet(q, 'r-none'))).rejects.toBeInstanceOf(NotFoundError);
      expect(await active()).toBe(v1.version);
      expect((await audits()).filter((a) => a.action === 'rules.publish')).toHaveLength(1);
    });

    it('rolls back to the version active before, or to a named earlier one, audited as rules.rollback', async () => {
      await expect(rollbackRuleSet({ ctx: ctx(), input: { by: 'boss' } })).rejects.toBeInstanceOf(ConflictError);
      const v1 = await draft('one');
      await publish(v1.version);
      const v2 = await draft('two');
      await publish(v2.version);
      const v3 = await draft('three');
      await publish(v3.version);
      expect(await rollbackRuleSet({ ctx: ctx(), input: { by: 'boss' } })).toEqual({ active: v2.version });
      step();
      expect(await rollbackRuleSet({ ctx: ctx(), input: { by: 'boss', version: v1.version } })).toEqual({ active: v1.version });
      await expect(rollbackRuleSet({ ctx: ctx(), input: { by: 'boss', version: v1.version } })).rejects.toThrow('was never published or is the active version');
      const never = await draft('never');
      await expect(rollbackRuleSet({ ctx: ctx(), input: { by: 'boss', version: never.version } })).rejects.toBeInstanceOf(ConflictError);
      expect(await active()).toBe(v1.version);
      const statuses = Object.fromEntries((await uow.read(listRuleSets)).map((r) => [r.version, r.status]));
      expect(statuses).toEqual({ [v1.version]: 'published', [v2.version]: 'archived', [v3.version]: 'archived', [never.version]: 'draft' });
      expect((await audits()).filter((a) => a.action === 'rules.rollback').map((a) => [a.before, a.after])).toEqual([[v3.version, v2.version], [v2.version, v1.version]]);
    });

    it('refuses to delete a template a published rule uses; deletes it once no published rule does', async () => {
      const v1 = await draft('uses night');
      await publish(v1.version);
      await expect(deleteTemplate({ ctx: ctx(), input: { id: 'tpl_night', by: 'admin' } })).rejects.toThrow('used by published rules: night');
      const empty = await saveDraft({ ctx: ctx(), input: { body: { rules: [] }, by: 'admin' } });
      step();
      await publish(empty.version);
      await deleteTemplate({ ctx: ctx(), input: { id: 'tpl_night', by: 'admin' } });
      await expect(deleteTemplate({ ctx: ctx(), input: { id: 'tpl_night', by: 'admin' } })).rejects.toBeInstanceOf(NotFoundError);
      expect((await uow.read(listTeamTemplates)).map((t) => t.id)).toEqual(['tpl_notice']);
      expect((await audits()).at(-1)).toMatchObject({ action: 'template.delete', target: 'tpl_night', before: { name: '夜间' } });
    });
  });
}
