/**
 * @module `/api/admin/intents` (admins only): the intent catalogue (default pack + custom), examples,
 * agents' corrections, keyword suggestions (mine / accept / reject), accepted keywords, and batch
 * evaluation of an uploaded question set. Every change writes an audit row (in the services).
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { CoreDeps } from '../deps';
import { NotFoundError, ValidationError } from '../errors';
import type { AuthedEnv } from '../http/session';
import { validate } from '../http/validate';
import { IntentId } from '../../shared/domain/vocabulary';
import { currentKeywordLists, findIntent, listIntents } from './catalog';
import { checkCorrections, evaluateSet, type SetFormat } from './evaluate';
import type { IntentLearning } from './learning';
import { addExamples, createIntent, listExamples, removeExample, updateIntent } from './manage-intents';
import { acceptSuggestion, listKeywords, listSuggestions, mineSuggestions, rejectSuggestion } from './suggestions';

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
  return new Hono<AuthedEnv>()
    .get('/', (c) => {
      const keywords = currentKeywordLists(d.db);
      const intents = listIntents(d.db).map((i) => ({
        ...i, examples: listExamples(d, i.id).length, keywords: keywords.find((k) => k.intent === i.id)?.keywords ?? [],
      }));
      return c.json({ intents, model: { ...d.learning.status(), intents: d.intent.model.intents } });
    })
    .post('/', validate('json', z.object({
      id: IntentId, labelZh: Label, labelEn: Label, description: z.string().max(500).optional(), examples: z.array(Example).max(500).optional(),
    })), (c) => c.json(createIntent({ ctx: d, input: { ...c.req.valid('json'), by: c.get('userid') } }), 201))
    .get('/corrections', validate('query', z.object({ limit: z.coerce.number().int().min(1).max(1000).optional() })),
      (c) => c.json(checkCorrections(d, c.req.valid('query').limit)))
    .get('/keywords', (c) => c.json({ accepted: listKeywords(d), lists: currentKeywordLists(d.db) }))
    .get('/suggestions', validate('query', z.object({ status: z.enum(['pending', 'accepted', 'rejected']).optional() })),
      (c) => c.json({ suggestions: listSuggestions(d.db, c.req.valid('query').status) }))
    .post('/suggestions/mine', validate('json', z.object({
      limit: z.number().int().min(1).max(200).optional(), minCount: z.number().int().min(1).max(1000).optional(),
    })), (c) => c.json(mineSuggestions({ ctx: d, input: { ...c.req.valid('json'), by: c.get('userid') } })))
    .post('/suggestions/:sid/accept', validate('param', SuggestionParam), validate('json', z.object({ intent: IntentId.optional() })),
      (c) => c.json(acceptSuggestion({ ctx: d, input: { id: c.req.valid('param').sid, intent: c.req.valid('json').intent, by: c.get('userid') } })))
    .post('/suggestions/:sid/reject', validate('param', SuggestionParam),
      (c) => c.json(rejectSuggestion({ ctx: d, input: { id: c.req.valid('param').sid, by: c.get('userid') } })))
    .post('/evaluate', async (c) => c.json(await evaluateSet(d, await readSetBody(c))))
    .get('/:id', validate('param', IdParam), (c) => {
      const { id } = c.req.valid('param');
      const intent = findIntent(d.db, id);
      if (!intent) throw new NotFoundError(`intent ${id}`);
      const keywords = currentKeywordLists(d.db).find((k) => k.intent === id)?.keywords ?? [];
      return c.json({ intent, examples: listExamples(d, id), keywords });
    })
    .patch('/:id', validate('param', IdParam), validate('json', z.object({
      labelZh: Label.optional(), labelEn: Label.optional(), description: z.string().max(500).optional(), enabled: z.boolean().optional(),
    })), (c) => c.json(updateIntent({ ctx: d, input: { ...c.req.valid('json'), id: c.req.valid('param').id, by: c.get('userid') } })))
    .delete('/:id', validate('param', IdParam),
      (c) => c.json(updateIntent({ ctx: d, input: { id: c.req.valid('param').id, enabled: false, by: c.get('userid') } })))
    .get('/:id/examples', validate('param', IdParam), (c) => {
      const { id } = c.req.valid('param');
      if (!findIntent(d.db, id)) throw new NotFoundError(`intent ${id}`);
      return c.json({ examples: listExamples(d, id) });
    })
    .post('/:id/examples', validate('param', IdParam), validate('json', z.object({ examples: z.array(Example).min(1).max(500) })),
      (c) => c.json({ examples: addExamples({ ctx: d, input: { intent: c.req.valid('param').id, examples: c.req.valid('json').examples, by: c.get('userid') } }) }, 201))
    .delete('/:id/examples/:exampleId',
      validate('param', z.object({ id: IntentId, exampleId: z.coerce.number().int().positive() })), (c) => {
        const { id, exampleId } = c.req.valid('param');
        removeExample({ ctx: d, input: { intent: id, id: exampleId, by: c.get('userid') } });
        return c.json({ removed: exampleId });
      });
}
