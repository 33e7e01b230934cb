/**
 * @module The organisation's live configuration as the pipeline reads it: service calendar, the active
 * (published) rule set compiled once per version, and the team templates. Reads are cached and the cache
 * is dropped by the services that change them, so the hot path does no JSON parsing per message.
 * Reading the active version inside the pipeline's transaction makes every decision use one version in full.
 */
import { eq, isNull } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import type { Store } from '../db/index';
import { appSettings, ruleSets, templates } from '../db/schema/index';
import { NotFoundError } from '../errors';
import { CalendarConfigSchema, DEMO_CALENDAR, type CalendarConfig } from '../../shared/calendar/index';
import { compileRuleSet, type CompiledRuleSet, type RuleSet } from '../../shared/engine/index';
import type { Template } from '../../shared/templates/index';

export const SETTING = { calendar: 'calendar', activeRuleSet: 'rules.active', org: 'org' } as const;

/** Setting key of a team's own calendar (team = a 微信客服 account, by open_kfid). */
export const teamCalendarKey = (team: string) => `${SETTING.calendar}:${team}`;

/** Organisation facts templates use: `{{org.name}}`, `{{order_link}}`. */
export interface OrgProfile { name: string; orderLink?: string }

export function readSetting<T>(store: Store, key: string): T | undefined {
  const row = store.select().from(appSettings).where(eq(appSettings.key, key)).get();
  return row ? (JSON.parse(row.value) as T) : undefined;
}

export function writeSetting(store: Store, key: string, value: unknown, at: number, by: string | null): void {
  const v = JSON.stringify(value);
  store.insert(appSettings).values({ key, value: v, updatedAt: at, updatedBy: by })
    .onConflictDoUpdate({ target: appSettings.key, set: { value: v, updatedAt: at, updatedBy: by } }).run();
}

export interface ActiveRuleSet { version: string; ruleSet: RuleSet; compiled: CompiledRuleSet }

/** Per-process caches; `invalidate()` after any change to calendar, rules or templates. */
export class OrgConfig {
  private readonly calendars = new Map<string, CalendarConfig>();
  private readonly compiled = new Map<string, ActiveRuleSet>();
  private teamTemplates: Template[] | undefined;
  private profile: OrgProfile | undefined;

  constructor(private readonly d: Pick<CoreDeps, 'db'>) {}

  /**
   * The service calendar of a team (a 微信客服 account, by open_kfid) when it has its own, else the
   * organisation's (DEMO_CALENDAR until an admin saves one).
   */
  getCalendar(store: Store = this.d.db, team?: string): CalendarConfig {
    const key = team ?? '';
    let hit = this.calendars.get(key);
    if (!hit) {
      const own = team ? readSetting(store, teamCalendarKey(team)) : undefined;
      hit = own !== undefined ? CalendarConfigSchema.parse(own) : this.orgCalendar(store);
      this.calendars.set(key, hit);
    }
    return hit;
  }

  /** Whether `team` has a calendar of its own. */
  hasTeamCalendar(team: string, store: Store = this.d.db): boolean {
    return readSetting(store, teamCalendarKey(team)) !== undefined;
  }

  private orgCalendar(store: Store): CalendarConfig {
    let org = this.calendars.get('');
    if (!org) {
      org = CalendarConfigSchema.parse(readSetting(store, SETTING.calendar) ?? DEMO_CALENDAR);
      this.calendars.set('', org);
    }
    return org;
  }

  activeVersion(store: Store = this.d.db): string {
    const v = readSetting<string>(store, SETTING.activeRuleSet);
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
    this.profile ??= readSetting<OrgProfile>(store, SETTING.org) ?? { name: 'Moonshift' };
    return this.profile;
  }

  templates(store: Store = this.d.db): Template[] {
    this.teamTemplates ??= store.select().from(templates).where(isNull(templates.ownerUserid)).all()
      .sort((a, b) => a.sortOrder - b.sortOrder)
      .map((r) => JSON.parse(r.definition) as Template);
    return this.teamTemplates;
  }

  invalidate(what: 'calendar' | 'templates' | 'all' = 'all'): void {
    if (what === 'calendar' || what === 'all') this.calendars.clear();
    if (what === 'all') this.profile = undefined;
    if (what === 'templates' || what === 'all') this.teamTemplates = undefined;
  }
}
