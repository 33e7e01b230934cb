/**
 * @module The organisation's live configuration as the pipeline reads it: the active (published) rule set
 * compiled once per version, the team templates and the org profile. Rule sets are immutable per version, so
 * their cache never goes stale; the templates' cache is dropped by the services that change them. Settings
 * (the active version, the profile) come from the settings registry, calendars from `calendarForIn`.
 * Reading the active version inside the pipeline's transaction makes every decision use one version in full.
 */
import { eq, isNull } from 'drizzle-orm';
import { first, type Queries } from '../ports/queries';
import { NotFoundError } from '../errors';
import { SETTINGS, type OrgProfile } from '../config/catalogue';
import { readSettingIn } from '../config/settings';
import { compileRuleSet, type CompiledRuleSet, type RuleSet } from '../../../shared/engine/index';
import type { Template } from '../../../shared/templates/index';

export interface ActiveRuleSet { version: string; ruleSet: RuleSet; compiled: CompiledRuleSet }

/** Per-process caches; `invalidate()` after any change to the templates. */
export class OrgConfig {
  private readonly compiled = new Map<string, ActiveRuleSet>();
  private teamTemplates: Template[] | undefined;


  /** The active (published) rule set's version, read in a unit of work (inside the pipeline's transaction). */
  async activeVersionIn(q: Queries): Promise<string> {
    const v = await readSettingIn(q, SETTINGS.activeRuleSet);
    if (!v) throw new NotFoundError('published rule set');
    return v;
  }

  /** The rule set of `version` (default: the active one), compiled once and kept — in a unit of work. */
  async ruleSetIn(q: Queries, version?: string): Promise<ActiveRuleSet> {
    const v = version ?? await this.activeVersionIn(q);
    const hit = this.compiled.get(v);
    if (hit) return hit;
    const row = await first(q.db.select({ body: q.t.ruleSets.body }).from(q.t.ruleSets).where(eq(q.t.ruleSets.version, v)).limit(1));
    if (!row) throw new NotFoundError(`rule set ${v}`);
    return this.remember(v, row.body);
  }

  async orgProfileIn(q: Queries): Promise<OrgProfile> {
    return readSettingIn(q, SETTINGS.org);
  }

  /** The team templates (cached until `invalidate`), in a unit of work. */
  async templatesIn(q: Queries): Promise<Template[]> {
    if (this.teamTemplates) return this.teamTemplates;
    const rows = await q.db.select({ definition: q.t.templates.definition, sortOrder: q.t.templates.sortOrder }).from(q.t.templates)
      .where(isNull(q.t.templates.ownerUserid));
    this.teamTemplates = rows.sort((a, b) => a.sortOrder - b.sortOrder).map((r) => JSON.parse(r.definition) as Template);
    return this.teamTemplates;
  }

  private remember(version: string, body: string): ActiveRuleSet {
    const ruleSet = JSON.parse(body) as RuleSet;
    const hit = { version, ruleSet, compiled: compileRuleSet(ruleSet) };
    this.compiled.set(version, hit);
    return hit;
  }

  invalidate(what: 'templates' | 'all' = 'all'): void {
    if (what === 'templates' || what === 'all') this.teamTemplates = undefined;
  }
}
