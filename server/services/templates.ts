/** @module Team templates: save (validated: unknown variables are errors), delete (refused while a published rule uses it). */
import { and, eq, isNull } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import { templates } from '../db/schema/index';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { validateTemplate, type Template } from '../../shared/templates/index';
import { audit } from './audit';

type Ctx = Pick<CoreDeps, 'db' | 'clock' | 'org'>;

export function listTeamTemplates(ctx: Ctx): Template[] {
  return ctx.db.select().from(templates).where(isNull(templates.ownerUserid)).all()
    .sort((a, b) => a.sortOrder - b.sortOrder).map((r) => JSON.parse(r.definition) as Template);
}

export function saveTemplate({ ctx, input }: { ctx: Ctx; input: { id: string; template: unknown; by: string } }): Template {
  const checked = validateTemplate({ ...(input.template as object), id: input.id });
  if (!checked.ok) {
    throw new ValidationError(`template is invalid: ${checked.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
      checked.errors.map((e) => ({ path: e.path, message: e.message })));
  }
  const t = checked.template;
  const now = ctx.clock.now();
  ctx.db.transaction((tx) => {
    const before = tx.select().from(templates).where(eq(templates.id, t.id)).get();
    if (before?.ownerUserid) throw new ConflictError(`${t.id} is an agent's private quick reply`);
    const row = { name: t.name, kind: t.kind, definition: JSON.stringify(t), updatedAt: now, updatedBy: input.by };
    tx.insert(templates).values({ id: t.id, ...row, sortOrder: before?.sortOrder ?? 1000 })
      .onConflictDoUpdate({ target: templates.id, set: row }).run();
    audit(tx, { at: now, actor: input.by, action: before ? 'template.update' : 'template.create', target: t.id, before: before ? JSON.parse(before.definition) : undefined, after: t });
  });
  ctx.org.invalidate('templates');
  return t;
}

export function deleteTemplate({ ctx, input }: { ctx: Ctx; input: { id: string; by: string } }): void {
  const { ruleSet } = ctx.org.ruleSet();
  const usedBy = ruleSet.rules.filter((r) => JSON.stringify(r.then).includes(`"templateId":"${input.id}"`)).map((r) => r.id);
  if (usedBy.length > 0) throw new ConflictError(`template ${input.id} is used by published rules: ${usedBy.join(', ')}`);
  const now = ctx.clock.now();
  ctx.db.transaction((tx) => {
    const before = tx.select().from(templates).where(and(eq(templates.id, input.id), isNull(templates.ownerUserid))).get();
    if (!before) throw new NotFoundError(`template ${input.id}`);
    tx.delete(templates).where(eq(templates.id, input.id)).run();
    audit(tx, { at: now, actor: input.by, action: 'template.delete', target: input.id, before: JSON.parse(before.definition) });
  });
  ctx.org.invalidate('templates');
}
