/**
 * @module The organisation's live configuration as the pipeline reads it: the active (published) rule set
 * compiled once per version, the team templates and the org profile. Rule sets are immutable per version, so
 * their cache never goes stale; the templates' cache is dropped by the services that change them. Settings
 * (the active version, the profile) come from the settings registry, calendars from `calendarFor`.
 * Reading the active version inside the pipeline's transaction makes every decision use one version in full.
 */
import { eq, isNull } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import type { Store } from '../db/index';
import { ruleSets, templates } from '../db/schema/index';
import { NotFoundError } from '../errors';
import { SETTINGS, type OrgProfile } from '../config/catalogue';
import { readSetting } from '../config/settings';
import { compileRuleSet, type CompiledRuleSet, type RuleSet } from '../../shared/engine/index';
import type { Template } from '../../shared/templates/index';

export interface ActiveRuleSet { version: string; ruleSet: RuleSet; compiled: CompiledRuleSet }

/** Per-process caches; `invalidate()` after any change to the templates. */
export class OrgConfig {
  private readonly compiled = new Map<string, ActiveRuleSet>();
  private teamTemplates: Template[] | undefined;

  constructor(private readonly d: Pick<CoreDeps, 'db'>) {}

  activeVersion(store: Store = this.d.db): string {
    const v = readSetting(store, SETTINGS.activeRuleSet);
    if (!v) throw new NotFoundError('published rule set');
    return v;
  }

  /** The rule set of `version` (default: the active one), compiled once and kept. */
  ruleSet(store: Store = this.d.db, version = this.activeVersion(store)): ActiveRuleSet {
    let hit = this.compiled.get(version);
    if (!hit) {
      const row = store.select().from(ruleSets).where(eq(ruleSets.version, version)).get();
      if (!row) throw new NotFoundError(`rule set ${version}`);
      const ruleSet = JSON.parse(row.body) as RuleSet;
      hit = { version, ruleSet, compiled: compileRuleSet(ruleSet) };
      this.compiled.set(version, hit);
    }
    return hit;
  }

  orgProfile(store: Store = this.d.db): OrgProfile {
    return readSetting(store, SETTINGS.org);
  }

  templates(store: Store = this.d.db): Template[] {
    this.teamTemplates ??= store.select().from(templates).where(isNull(templates.ownerUserid)).all()
      .sort((a, b) => a.sortOrder - b.sortOrder)
      .map((r) => JSON.parse(r.definition) as Template);
    return this.teamTemplates;
  }

  invalidate(what: 'templates' | 'all' = 'all'): void {
    if (what === 'templates' || what === 'all') this.teamTemplates = undefined;
  }
}
