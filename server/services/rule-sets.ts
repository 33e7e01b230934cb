/**
 * @module Rule-set versions: edits become a validated draft; publishing flips the active pointer in one
 * transaction (the pipeline reads it inside its own transaction, so every decision uses one version in
 * full); previous versions stay for rollback; every step is audited.
 */
import { and, desc, eq, isNotNull, ne } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import { ruleSets } from '../db/schema/index';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import type { OrgConfig } from '../engine/org-config';
import { SETTINGS } from '../config/catalogue';
import { readSetting, writeSetting } from '../config/settings';
import { validateRuleSet, type RuleSet } from '../../shared/engine/index';
import { audit } from './audit';

type Ctx = Pick<CoreDeps, 'db' | 'clock'> & { org: OrgConfig };

export function listRuleSets({ ctx }: { ctx: Ctx }) {
  const active = readSetting(ctx.db, SETTINGS.activeRuleSet);
  return ctx.db.select({
    version: ruleSets.version, status: ruleSets.status, note: ruleSets.note, createdAt: ruleSets.createdAt, createdBy: ruleSets.createdBy,
    publishedAt: ruleSets.publishedAt, publishedBy: ruleSets.publishedBy,
  }).from(ruleSets).orderBy(desc(ruleSets.createdAt)).all().map((r) => ({ ...r, active: r.version === active }));
}

export function getRuleSet({ ctx, version }: { ctx: Ctx; version: string }) {
  const row = ctx.db.select().from(ruleSets).where(eq(ruleSets.version, version)).get();
  if (!row) throw new NotFoundError(`rule set ${version}`);
  return { ...row, body: JSON.parse(row.body) as RuleSet };
}

/** Validates `body` against the catalogue and the team templates and stores it as a new draft version. */
export function saveDraft({ ctx, input }: { ctx: Ctx; input: { body: unknown; note?: string; by: string } }) {
  const now = ctx.clock.now();
  const version = `r${now.toString(36)}`;
  const checked = validateRuleSet({ ...(input.body as object), version }, { templates: ctx.org.templates() });
  if (!checked.ok) throw new ValidationError(`rule set is invalid: ${checked.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, checked.errors);
  ctx.db.transaction((tx) => {
    tx.insert(ruleSets).values({ version, status: 'draft', body: JSON.stringify(checked.ruleSet), note: input.note ?? null, createdAt: now, createdBy: input.by }).run();
    audit(tx, { at: now, actor: input.by, action: 'rules.draft', target: version, after: checked.ruleSet });
  });
  return { version, ruleSet: checked.ruleSet };
}

export function publishRuleSet({ ctx, input }: { ctx: Ctx; input: { version: string; by: string; action?: 'rules.publish' | 'rules.rollback' } }) {
  const now = ctx.clock.now();
  ctx.db.transaction((tx) => {
    const row = tx.select().from(ruleSets).where(eq(ruleSets.version, input.version)).get();
    if (!row) throw new NotFoundError(`rule set ${input.version}`);
    const before = readSetting(tx, SETTINGS.activeRuleSet);
    if (before === input.version) throw new ConflictError(`${input.version} is already active`);
    tx.update(ruleSets).set({ status: 'archived' }).where(and(eq(ruleSets.status, 'published'), ne(ruleSets.version, input.version))).run();
    tx.update(ruleSets).set({ status: 'published', publishedAt: now, publishedBy: input.by }).where(eq(ruleSets.version, input.version)).run();
    writeSetting(tx, SETTINGS.activeRuleSet, input.version, { at: now, by: input.by });
    audit(tx, { at: now, actor: input.by, action: input.action ?? 'rules.publish', target: input.version, before, after: input.version });
  });
  return { active: input.version };
}

/**
 * Re-publishes an earlier version: `version` (any version that was published before, not the active one), or by
 * default the one that was active before the current one. Audited as `rules.rollback`.
 */
export function rollbackRuleSet({ ctx, input }: { ctx: Ctx; input: { by: string; version?: string } }) {
  const active = readSetting(ctx.db, SETTINGS.activeRuleSet);
  const earlier = and(isNotNull(ruleSets.publishedAt), ne(ruleSets.version, active ?? ''));
  const target = ctx.db.select({ version: ruleSets.version }).from(ruleSets)
    .where(input.version ? and(earlier, eq(ruleSets.version, input.version)) : earlier)
    .orderBy(desc(ruleSets.publishedAt)).limit(1).get();
  if (!target) {
    throw new ConflictError(input.version ? `${input.version} was never published or is the active version` : 'there is no earlier published version to roll back to');
  }
  return publishRuleSet({ ctx, input: { version: target.version, by: input.by, action: 'rules.rollback' } });
}
