/** @module `/api/admin/templates`: team templates with the variable catalogue, validated saves and previews. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { CoreDeps } from '../../../app/deps';
import type { AuthedEnv } from '../../session';
import { validate } from '../../validate';
import { ValidationError } from '../../../core/errors';
import { deleteTemplate, listTeamTemplates, saveTemplate } from '../../../core/services/templates';
import { renderTemplate, sampleVars, TEMPLATE_VARIABLES, validateTemplate } from '../../../../shared/templates/index';

export function adminTemplateRoutes(d: CoreDeps) {
  return new Hono<AuthedEnv>()
    .get('/', async (c) => c.json({ templates: await d.shared.uow.read(listTeamTemplates), variables: TEMPLATE_VARIABLES }))
    .put('/:id', validate('json', z.record(z.string(), z.unknown())), async (c) =>
      c.json({ template: await saveTemplate({ ctx: d, input: { id: c.req.param('id'), template: c.req.valid('json'), by: c.get('userid') } }) }))
    .delete('/:id', async (c) => {
      await deleteTemplate({ ctx: d, input: { id: c.req.param('id'), by: c.get('userid') } });
      return c.json({ ok: true });
    })
    .post('/preview', validate('json', z.object({ template: z.unknown() })), (c) => {
      const checked = validateTemplate(c.req.valid('json').template);
      if (!checked.ok) throw new ValidationError('template is invalid', checked.errors.map((e) => ({ path: e.path, message: e.message })));
      return c.json({ rendered: renderTemplate(checked.template, sampleVars()) });
    });
}
