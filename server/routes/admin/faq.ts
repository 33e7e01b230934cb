/**
 * @module `/api/admin/faq`: FAQ knowledge per team — list (`?openKfid=`; `all` = every entry), create, update,
 * delete (audited), and usage: how often each entry answered (card button, free text, sent by an agent) and the
 * latest customer questions that found no entry (`?days=`, default 30).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { CoreDeps } from '../../deps';
import type { AuthedEnv } from '../../http/session';
import { validate } from '../../http/validate';
import { audit } from '../../services/audit';
import { FaqEntryBody, createFaq, deleteFaq, faqEntry, faqUsage, listFaq, updateFaq, viewOf } from '../../faq/entries';
import { NotFoundError } from '../../errors';

const Id = z.object({ id: z.coerce.number().int().positive() });

export function adminFaqRoutes(d: CoreDeps) {
  return new Hono<AuthedEnv>()
    .get('/', validate('query', z.object({ openKfid: z.string().max(64).optional() })), (c) => {
      const { openKfid } = c.req.valid('query');
      return c.json({ items: listFaq(d.db, openKfid === undefined || openKfid === 'all' ? undefined : openKfid === '' ? null : openKfid) });
    })
    .get('/usage', validate('query', z.object({ days: z.coerce.number().int().min(1).max(365).default(30) })), (c) =>
      c.json(faqUsage(d.db, d.clock.now() - c.req.valid('query').days * 86_400_000)))
    .post('/', validate('json', FaqEntryBody), (c) => {
      const now = d.clock.now();
      const item = d.db.transaction((tx) => {
        const e = createFaq(tx, c.req.valid('json'), now);
        audit(tx, { at: now, actor: c.get('userid'), action: 'faq.create', target: String(e.id), after: e });
        return e;
      });
      return c.json({ item }, 201);
    })
    .put('/:id', validate('param', Id), validate('json', FaqEntryBody), (c) => {
      const { id } = c.req.valid('param');
      const now = d.clock.now();
      const item = d.db.transaction((tx) => {
        const before = faqEntry(tx, id);
        if (!before) throw new NotFoundError(`faq entry ${id}`);
        const e = updateFaq(tx, id, c.req.valid('json'), now);
        audit(tx, { at: now, actor: c.get('userid'), action: 'faq.update', target: String(id), before: viewOf(before), after: e });
        return e;
      });
      return c.json({ item });
    })
    .delete('/:id', validate('param', Id), (c) => {
      const { id } = c.req.valid('param');
      const now = d.clock.now();
      d.db.transaction((tx) => {
        const before = faqEntry(tx, id);
        deleteFaq(tx, id);
        audit(tx, { at: now, actor: c.get('userid'), action: 'faq.delete', target: String(id), before: before && viewOf(before) });
      });
      return c.json({ ok: true });
    });
}
