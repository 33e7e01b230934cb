/**
 * @module The sidebar's quick-reply verbs, run against every engine (quick-replies.test.ts: SQLite;
 * quick-replies.pg.test.ts: PostgreSQL): an agent creates, lists, edits and deletes their own; another agent's
 * are invisible (404); team templates are listed but edited only on the admin page (403).
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UnitOfWork } from '../../../server/core/ports/unit-of-work';
import { createOwnQuickReply, deleteOwnQuickReply, listTemplates, updateOwnQuickReply } from '../../../server/core/services/quick-replies';
import { saveTemplate } from '../../../server/core/services/templates';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../server/core/errors';
import type { Engine } from '../../support/engines';

const T0 = Date.parse('2026-12-02T10:00:00+08:00');

export function quickReplyCases(engine: Engine): void {
  describe(`quick replies on ${engine.name}`, () => {
    let uow: UnitOfWork;
    let now = T0;
    const d = () => ({ clock: { now: () => now }, shared: { uow }, org: { invalidate: () => undefined } });
    const list = (userid: string) => uow.read(async (q) => (await listTemplates(q, userid)).map((x) => [x.template.name, x.own]));
    const rows = () => uow.read((q) => q.db.select().from(q.t.templates));

    beforeEach(async () => {
      uow = await engine.open();
      now = T0;
      await saveTemplate({ ctx: d(), input: { id: 'tpl_welcome', template: { name: '欢迎', kind: 'welcome', msgtype: 'text', body: '您好' }, by: 'admin' } });
    });
    afterEach(async () => { await engine.cleanup(); });
    afterAll(async () => { await engine.dispose(); });

    it('creates an agent\'s own quick reply, listed first for them and invisible to others', async () => {
      now += 1000;
      const t = await createOwnQuickReply(d(), 'zhangsan', { name: '稍等', msgtype: 'text', body: '请稍等，马上回复您' });
      expect(t).toMatchObject({ id: expect.stringMatching(/^own_[0-9a-f]{12}$/), kind: 'custom', name: '稍等' });
      expect(await list('zhangsan')).toEqual([['稍等', true], ['欢迎', false]]);
      expect(await list('lisi')).toEqual([['欢迎', false]]);
      expect((await rows()).find((r) => r.id === t.id)).toMatchObject({ ownerUserid: 'zhangsan', updatedAt: T0 + 1000, updatedBy: 'zhangsan' });
    });

    it('refuses an invalid quick reply and stores nothing', async () => {
      await expect(createOwnQuickReply(d(), 'zhangsan', { name: '坏的', msgtype: 'text', body: '{{no.such.var}}' })).rejects.toBeInstanceOf(ValidationError);
      expect(await rows()).toHaveLength(1);
    });

    it('edits the agent\'s own only: another agent\'s is not found, a team template is forbidden', async () => {
      const t = await createOwnQuickReply(d(), 'zhangsan', { name: '稍等', msgtype: 'text', body: '请稍等' });
      now += 5000;
      const u = await updateOwnQuickReply(d(), 'zhangsan', t.id, { name: '请稍候', msgtype: 'text', body: '请稍候片刻' });
      expect(u).toMatchObject({ id: t.id, name: '请稍候', kind: 'custom' });
      expect((await rows()).find((r) => r.id === t.id)).toMatchObject({ name: '请稍候', updatedAt: T0 + 5000 });
      await expect(updateOwnQuickReply(d(), 'lisi', t.id, { name: '偷改', msgtype: 'text', body: 'x' })).rejects.toBeInstanceOf(NotFoundError);
      await expect(updateOwnQuickReply(d(), 'zhangsan', 'tpl_welcome', { name: '改', msgtype: 'text', body: 'x' })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(updateOwnQuickReply(d(), 'zhangsan', t.id, { name: '坏的', msgtype: 'text', body: '{{no.such.var}}' })).rejects.toBeInstanceOf(ValidationError);
      expect(await list('zhangsan')).toEqual([['请稍候', true], ['欢迎', false]]);
    });

    it('deletes the agent\'s own once; never another agent\'s or a team template', async () => {
      const t = await createOwnQuickReply(d(), 'zhangsan', { name: '稍等', msgtype: 'text', body: '请稍等' });
      await expect(deleteOwnQuickReply(d(), 'lisi', t.id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(deleteOwnQuickReply(d(), 'zhangsan', 'tpl_welcome')).rejects.toBeInstanceOf(ForbiddenError);
      await deleteOwnQuickReply(d(), 'zhangsan', t.id);
      await expect(deleteOwnQuickReply(d(), 'zhangsan', t.id)).rejects.toBeInstanceOf(NotFoundError);
      expect((await rows()).map((r) => r.id)).toEqual(['tpl_welcome']);
    });
  });
}
