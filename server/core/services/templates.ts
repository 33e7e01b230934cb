/**
 * @module Team templates: save (validated: unknown variables are errors), delete (refused while a published rule
 * uses it). Each verb is one unit of work (`ctx.shared.uow`, either engine); the engine's cached copy of the team
 * templates is dropped after commit.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { CoreDeps } from '../../app/deps';
import { first, type Queries } from '../ports/queries';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { SETTINGS } from '../config/catalogue';
import { readSettingIn } from '../config/settings';
import { validateTemplate, type Template } from '../../../shared/templates/index';
import type { RuleSet } from '../../../shared/engine/index';
import { writeAudit } from './audit';

type Ctx = Pick<CoreDeps, 'clock'> & { org: Pick<CoreDeps['org'], 'invalidate'>; shared: Pick<CoreDeps['shared'], 'uow'> };

export async function listTeamTemplates(q: Queries): Promise<Template[]> {
  const rows = await q.db.select().from(q.t.templates).where(isNull(q.t.templates.ownerUserid));
  return rows.sort((a, b) => a.sortOrder - b.sortOrder).map((r) => JSON.parse(r.definition) as Template);
}

export async function saveTemplate({ ctx, input }: { ctx: Ctx; input: { id: string; template: unknown; by: string } }): Promise<Template> {
  const checked = validateTemplate({ ...(input.template as object), id: input.id });
  if (!checked.ok) {
    throw new ValidationError(`template is invalid: ${checked.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
      checked.errors.map((e) => ({ path: e.path, message: e.message })));
  }
  const t = checked.template;
  const now = ctx.clock.now();
  await ctx.shared.uow.run(async (tx) => {
    const templates = tx.t.templates;
    const before = await first(tx.db.select().from(templates).where(eq(templates.id, t.id)).limit(1));
    if (before?.ownerUserid) throw new ConflictError(`${t.id} is an agent's private quick reply`);
    const row = { name: t.name, kind: t.kind, definition: JSON.stringify(t), updatedAt: now, updatedBy: input.by };
    await tx.db.insert(templates).values({ id: t.id, ...row, sortOrder: before?.sortOrder ?? 1000 })
      .onConflictDoUpdate({ target: templates.id, set: row });
    await writeAudit(tx, { at: now, actor: input.by, action: before ? 'template.update' : 'template.create', target: t.id, before: before ? JSON.parse(before.definition) : undefined, after: t });
    tx.afterCommit(() => ctx.org.invalidate('templates'));
  });
  return t;
}

export async function deleteTemplate({ ctx, input }: { ctx: Ctx; input: { id: string; by: string } }): Promise<void> {
  const now = ctx.clock.now();
  await ctx.shared.uow.run(async (tx) => {
    const active = await readSettingIn(tx, SETTINGS.activeRuleSet);
    if (!active) throw new NotFoundError('published rule set');
    const published = await first(tx.db.select({ body: tx.t.ruleSets.body }).from(tx.t.ruleSets).where(eq(tx.t.ruleSets.version, active)).limit(1));
    if (!published) throw new NotFoundError(`rule set ${active}`);
    const usedBy = (JSON.parse(published.body) as RuleSet).rules.filter((r) => JSON.stringify(r.then).includes(`"templateId":"${input.id}"`)).map((r) => r.id);
    if (usedBy.length > 0) throw new ConflictError(`template ${input.id} is used by published rules: ${usedBy.join(', ')}`);
    const templates = tx.t.templates;
    const before = await first(tx.db.select().from(templates).where(and(eq(templates.id, input.id), isNull(templates.ownerUserid))).limit(1));
    if (!before) throw new NotFoundError(`template ${input.id}`);
    await tx.db.delete(templates).where(eq(templates.id, input.id));
    await writeAudit(tx, { at: now, actor: input.by, action: 'template.delete', target: input.id, before: JSON.parse(before.definition) });
    tx.afterCommit(() => ctx.org.invalidate('templates'));
  });
}
