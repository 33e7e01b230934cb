/**
 * @module `/api/admin/faq`: FAQ knowledge per team — list (`?openKfid=`; `all` = every entry), create, update,
 * delete (audited), and usage: how often each entry answered (card button, free text, sent by an agent) and the
 * latest customer questions that found no entry (`?days=`, default 30).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { CoreDeps } from '../../../app/deps';
import type { AuthedEnv } from '../../session';
import { validate } from '../../validate';
import { writeAudit } from '../../../core/services/audit';
import type { Tx } from '../../../core/ports/unit-of-work';
import { listIntentsIn } from '../../../core/intent/catalog';
import { FaqEntryBody, createFaq, deleteFaq, faqUsage, listFaq, updateFaq } from '../../../core/faq/entries';

const Id = z.object({ id: z.coerce.number().int().positive() });

export function adminFaqRoutes(d: CoreDeps) {
  const { uow } = d.shared;
  /** The intents an entry may name: the catalogue, read in the entry's transaction. */
  const known = async (tx: Tx) => new Set((await listIntentsIn(tx)).map((i) => i.id));
  return new Hono<AuthedEnv>()
    .get('/', validate('query', z.object({ openKfid: z.string().max(64).optional() })), async (c) => {
      const { openKfid } = c.req.valid('query');
      return c.json({ items: await uow.read((q) => listFaq(q, openKfid === undefined || openKfid === 'all' ? undefined : openKfid === '' ? null : openKfid)) });
    })
    .get('/usage', validate('query', z.object({ days: z.coerce.number().int().min(1).max(365).default(30) })), async (c) => {
      const since = d.clock.now() - c.req.valid('query').days * 86_400_000;
      return c.json(await uow.read((q) => faqUsage(q, since)));
    })
    .post('/', validate('json', FaqEntryBody), async (c) => {
      const now = d.clock.now();
      const item = await uow.run(async (tx) => {
        const e = await createFaq(tx, c.req.valid('json'), now, await known(tx));
        await writeAudit(tx, { at: now, actor: c.get('userid'), action: 'faq.create', target: String(e.id), after: e });
        return e;
      });
      return c.json({ item }, 201);
    })
    .put('/:id', validate('param', Id), validate('json', FaqEntryBody), async (c) => {
      const { id } = c.req.valid('param');
      const now = d.clock.now();
      const item = await uow.run(async (tx) => {
        const { before, after } = await updateFaq(tx, id, c.req.valid('json'), now, await known(tx));
        await writeAudit(tx, { at: now, actor: c.get('userid'), action: 'faq.update', target: String(id), before, after });
        return after;
      });
      return c.json({ item });
    })
    .delete('/:id', validate('param', Id), async (c) => {
      const { id } = c.req.valid('param');
      const now = d.clock.now();
      await uow.run(async (tx) => {
        const before = await deleteFaq(tx, id);
        await writeAudit(tx, { at: now, actor: c.get('userid'), action: 'faq.delete', target: String(id), before });
      });
      return c.json({ ok: true });
    });
}
