/**
 * @module Rule-set versions: edits become a validated draft; publishing flips the active pointer in one
 * transaction (the pipeline reads it inside its own transaction, so every decision uses one version in
 * full); previous versions stay for rollback; every step is audited. Each verb is one unit of work
 * (`ctx.shared.uow`, either engine); the reads take the queries of a read or a transaction.
 */
import { and, desc, eq, isNotNull, ne } from 'drizzle-orm';
import type { CoreDeps } from '../../app/deps';
import { first, type Queries } from '../ports/queries';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { SETTINGS } from '../config/catalogue';
import { readSettingIn, writeSettingIn } from '../config/settings';
import { validateRuleSet, type RuleSet } from '../../../shared/engine/index';
import { writeAudit } from './audit';
import { listTeamTemplates } from './templates';

type Ctx = Pick<CoreDeps, 'clock'> & { shared: Pick<CoreDeps['shared'], 'uow'> };

export async function listRuleSets(q: Queries) {
  const active = await readSettingIn(q, SETTINGS.activeRuleSet);
  const r = q.t.ruleSets;
  const rows = await q.db.select({
    version: r.version, status: r.status, note: r.note, createdAt: r.createdAt, createdBy: r.createdBy,
    publishedAt: r.publishedAt, publishedBy: r.publishedBy,
  }).from(r).orderBy(desc(r.createdAt));
  return rows.map((row) => ({ ...row, active: row.version === active }));
}

export async function getRuleSet(q: Queries, version: string) {
  const row = await first(q.db.select().from(q.t.ruleSets).where(eq(q.t.ruleSets.version, version)).limit(1));
  if (!row) throw new NotFoundError(`rule set ${version}`);
  return { ...row, body: JSON.parse(row.body) as RuleSet };
}

/** Validates `body` against the catalogue and the team templates and stores it as a new draft version. */
export async function saveDraft({ ctx, input }: { ctx: Ctx; input: { body: unknown; note?: string; by: string } }) {
  const now = ctx.clock.now();
  const version = `r${now.toString(36)}`;
  return ctx.shared.uow.run(async (tx) => {
    const checked = validateRuleSet({ ...(input.body as object), version }, { templates: await listTeamTemplates(tx) });
    if (!checked.ok) throw new ValidationError(`rule set is invalid: ${checked.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, checked.errors);
    await tx.db.insert(tx.t.ruleSets).values({ version, status: 'draft', body: JSON.stringify(checked.ruleSet), note: input.note ?? null, createdAt: now, createdBy: input.by });
    await writeAudit(tx, { at: now, actor: input.by, action: 'rules.draft', target: version, after: checked.ruleSet });
    return { version, ruleSet: checked.ruleSet };
  });
}

export async function publishRuleSet({ ctx, input }: { ctx: Ctx; input: { version: string; by: string } }) {
  return ctx.shared.uow.run((tx) => publishIn(tx, ctx.clock.now(), { ...input, action: 'rules.publish' }));
}

/** Publishes `version` in the transaction `tx`: the active pointer moves, the previous published version is archived. */
async function publishIn(tx: Queries, now: number, input: { version: string; by: string; action: 'rules.publish' | 'rules.rollback' }) {
  const r = tx.t.ruleSets;
  const row = await first(tx.db.select({ version: r.version }).from(r).where(eq(r.version, input.version)).limit(1));
  if (!row) throw new NotFoundError(`rule set ${input.version}`);
  const before = await readSettingIn(tx, SETTINGS.activeRuleSet);
  if (before === input.version) throw new ConflictError(`${input.version} is already active`);
  await tx.db.update(r).set({ status: 'archived' }).where(and(eq(r.status, 'published'), ne(r.version, input.version)));
  await tx.db.update(r).set({ status: 'published', publishedAt: now, publishedBy: input.by }).where(eq(r.version, input.version));
  await writeSettingIn(tx, SETTINGS.activeRuleSet, input.version, { at: now, by: input.by });
  await writeAudit(tx, { at: now, actor: input.by, action: input.action, target: input.version, before, after: input.version });
  return { active: input.version };
}

/**
 * Re-publishes an earlier version: `version` (any version that was published before, not the active one), or by
 * default the one that was active before the current one. Audited as `rules.rollback`.
 */
export async function rollbackRuleSet({ ctx, input }: { ctx: Ctx; input: { by: string; version?: string } }) {
  return ctx.shared.uow.run(async (tx) => {
    const r = tx.t.ruleSets;
    const active = await readSettingIn(tx, SETTINGS.activeRuleSet);
    const earlier = and(isNotNull(r.publishedAt), ne(r.version, active ?? ''));
    const target = await first(tx.db.select({ version: r.version }).from(r)
      .where(input.version ? and(earlier, eq(r.version, input.version)) : earlier)
      .orderBy(desc(r.publishedAt)).limit(1));
    if (!target) {
      throw new ConflictError(input.version ? `${input.version} was never published or is the active version` : 'there is no earlier published version to roll back to');
    }
    return publishIn(tx, ctx.clock.now(), { version: target.version, by: input.by, action: 'rules.rollback' });
  });
}
