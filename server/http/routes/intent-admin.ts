/**
 * @module `/api/admin/intents` (admins only): the intent catalogue (default pack + custom), examples,
 * agents' corrections, keyword suggestions (mine / accept / reject), accepted keywords, and batch
 * evaluation of an uploaded question set. Every change writes an audit row (in the services).
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { CoreDeps } from '../../app/deps';
import { NotFoundError, ValidationError } from '../../core/errors';
import type { AuthedEnv } from '../session';
import { validate } from '../validate';
import { IntentId } from '../../../shared/domain/vocabulary';
import { currentKeywordLists, findIntent, listIntentsIn } from '../../core/intent/catalog';
import { checkCorrections, evaluateSet, type SetFormat } from '../../core/intent/evaluate';
import type { IntentLearning } from '../../core/intent/learning';
import { addExamples, createIntent, listExamples, removeExample, updateIntent } from '../../core/intent/manage-intents';
import { acceptSuggestion, listKeywords, listSuggestions, mineSuggestions, rejectSuggestion } from '../../core/intent/suggestions';
import { keywordImpacts } from '../../core/intent/keyword-impact';

/** Largest evaluation upload (enforced by the route table). */
export const EVALUATE_MAX_BYTES = 2 * 1024 * 1024;

const Label = z.string().trim().min(1).max(40);
const Example = z.object({ text: z.string().trim().min(1).max(2000), emotion: z.number().min(0).max(1).optional() });
const IdParam = z.object({ id: IntentId });
const SuggestionParam = z.object({ sid: z.coerce.number().int().positive() });
const Format = z.enum(['csv', 'jsonl']);

async function readSetBody(c: Context): Promise<{ content: string; name?: string | undefined; format?: SetFormat | undefined }> {
  const type = c.req.header('content-type') ?? '';
  if (type.startsWith('multipart/form-data')) {
    const body = await c.req.parseBody();
    const file = body['file'];
    const format = Format.optional().safeParse(body['format'] || undefined);
    if (!format.success) throw new ValidationError('format: csv or jsonl');
    if (file instanceof File) return { content: await file.text(), name: file.name, format: format.data };
    if (typeof body['content'] === 'string') return { content: body['content'], format: format.data };
    throw new ValidationError('multipart body needs a "file" (CSV or JSONL) or a "content" field');
  }
  if (type.startsWith('application/json')) {
    let raw: unknown;
    try { raw = await c.req.json(); } catch { throw new ValidationError('malformed JSON body'); }
    const parsed = z.object({ content: z.string().min(1), name: z.string().max(200).optional(), format: Format.optional() }).safeParse(raw);
    if (!parsed.success) throw new ValidationError('JSON body: { content: string, name?, format?: "csv" | "jsonl" }');
    return parsed.data;
  }
  if (type.startsWith('text/csv')) return { content: await c.req.text(), format: 'csv' as SetFormat };
  if (/^application\/(x-)?(ndjson|jsonl)/.test(type)) return { content: await c.req.text(), format: 'jsonl' as SetFormat };
  throw new ValidationError('send multipart/form-data (file), application/json ({content}), text/csv or application/x-ndjson');
}

export function adminIntentRoutes(d: CoreDeps & { learning: IntentLearning }) {
  const { uow } = d.shared;
  return new Hono<AuthedEnv>()
    .get('/', async (c) => {
      const { keywords, catalogue, counts } = await uow.read(async (q) => {
        const list = await listIntentsIn(q);
        const n = new Map<string, number>();
        for (const i of list) n.set(i.id, (await listExamples(q, i.id)).length);
        return { keywords: await currentKeywordLists(q), catalogue: list, counts: n };
      });
      const intents = catalogue.map((i) => ({
        ...i, examples: counts.get(i.id) ?? 0, keywords: keywords.find((k) => k.intent === i.id)?.keywords ?? [],
      }));
      return c.json({ intents, model: { ...d.learning.status(), intents: d.intent.model.intents } });
    })
    .post('/', validate('json', z.object({
      id: IntentId, labelZh: Label, labelEn: Label, description: z.string().max(500).optional(), examples: z.array(Example).max(500).optional(),
    })), async (c) => c.json(await createIntent({ ctx: d, input: { ...c.req.valid('json'), by: c.get('userid') } }), 201))
    .get('/corrections', validate('query', z.object({ limit: z.coerce.number().int().min(1).max(1000).optional() })),
      async (c) => c.json(await checkCorrections(d, c.req.valid('query').limit)))
    .get('/keywords', async (c) => c.json(await uow.read(async (q) => ({ accepted: await listKeywords(q), lists: await currentKeywordLists(q) }))))
    .get('/suggestions', validate('query', z.object({ status: z.enum(['pending', 'accepted', 'rejected']).optional() })),
      async (c) => {
        const { status } = c.req.valid('query');
        return c.json({ suggestions: await uow.read((q) => listSuggestions(q, status)) });
      })
    .post('/suggestions/mine', validate('json', z.object({
      limit: z.number().int().min(1).max(200).optional(), minCount: z.number().int().min(1).max(1000).optional(),
    })), async (c) => c.json(await mineSuggestions({ ctx: d, input: { ...c.req.valid('json'), by: c.get('userid') } })))
    .post('/suggestions/:sid/accept', validate('param', SuggestionParam), validate('json', z.object({ intent: IntentId.optional() })),
      async (c) => {
        const accepted = await acceptSuggestion({ ctx: d, input: { id: c.req.valid('param').sid, intent: c.req.valid('json').intent, by: c.get('userid') } });
        await d.learning.keywordsChanged();
        return c.json({ ...accepted, impact: (await keywordImpacts(d, accepted.phrase))[0] ?? null });
      })
    .get('/keywords/impact', async (c) => c.json({ impacts: await keywordImpacts(d) }))
    .post('/suggestions/:sid/reject', validate('param', SuggestionParam),
      async (c) => c.json(await rejectSuggestion({ ctx: d, input: { id: c.req.valid('param').sid, by: c.get('userid') } })))
    .post('/evaluate', async (c) => c.json(await evaluateSet(d, await readSetBody(c))))
    .get('/:id', validate('param', IdParam), async (c) => {
      const { id } = c.req.valid('param');
      const { intent, examples, lists } = await uow.read(async (q) => ({
        intent: await findIntent(q, id), examples: await listExamples(q, id), lists: await currentKeywordLists(q),
      }));
      if (!intent) throw new NotFoundError(`intent ${id}`);
      const keywords = lists.find((k) => k.intent === id)?.keywords ?? [];
      return c.json({ intent, examples, keywords });
    })
    .patch('/:id', validate('param', IdParam), validate('json', z.object({
      labelZh: Label.optional(), labelEn: Label.optional(), description: z.string().max(500).optional(), enabled: z.boolean().optional(),
    })), async (c) => c.json(await updateIntent({ ctx: d, input: { ...c.req.valid('json'), id: c.req.valid('param').id, by: c.get('userid') } })))
    .delete('/:id', validate('param', IdParam),
      async (c) => c.json(await updateIntent({ ctx: d, input: { id: c.req.valid('param').id, enabled: false, by: c.get('userid') } })))
    .get('/:id/examples', validate('param', IdParam), async (c) => {
      const { id } = c.req.valid('param');
      const examples = await uow.read(async (q) => (await findIntent(q, id)) ? listExamples(q, id) : undefined);
      if (!examples) throw new NotFoundError(`intent ${id}`);
      return c.json({ examples });
    })
    .post('/:id/examples', validate('param', IdParam), validate('json', z.object({ examples: z.array(Example).min(1).max(500) })),
      async (c) => c.json({ examples: await addExamples({ ctx: d, input: { intent: c.req.valid('param').id, examples: c.req.valid('json').examples, by: c.get('userid') } }) }, 201))
    .delete('/:id/examples/:exampleId',
      validate('param', z.object({ id: IntentId, exampleId: z.coerce.number().int().positive() })), async (c) => {
        const { id, exampleId } = c.req.valid('param');
        await removeExample({ ctx: d, input: { intent: id, id: exampleId, by: c.get('userid') } });
        return c.json({ removed: exampleId });
      });
}
