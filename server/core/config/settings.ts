/**
 * @module The one settings registry: every setting group is declared once (`defineSetting`: key, zod schema,
 * fallback, scope org or team — see ./catalogue.ts) and read and written only through here. Values live in
 * `app_settings` as JSON by key (a team's own value under `<key>:<open_kfid>`).
 *
 * One cache: the parsed value of each key, kept with the stored text it came from. A read fetches the text
 * (one primary-key lookup) and parses only when it differs from the cached one; a write replaces the entry.
 * So a change is seen by every reader at once — in this process, inside a transaction, after a rollback and
 * in every other instance sharing the database — without anyone having to invalidate anything.
 */
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Queries } from '../ports/queries';
import { reusableQuery } from '../ports/reusable-query';
import { ValidationError } from '../errors';

export type SettingScope = 'org' | 'team';

export interface SettingDef<S extends z.ZodType, F extends z.output<S> | undefined> {
  readonly key: string;
  readonly scope: SettingScope;
  readonly schema: S;
  /** What readers get while nothing (valid) is stored; `undefined` for settings that have no default. */
  readonly fallback: F;
  readonly description: string;
}

/** Declares a setting group (used once per group, in the catalogue). */
export function defineSetting<S extends z.ZodType, F extends z.output<S> | undefined>(def: SettingDef<S, F>): SettingDef<S, F> {
  return Object.freeze(def);
}

/** A group whose schema fills every field with a default: its fallback is the schema's defaults. */
export function defaultsOf<S extends z.ZodType>(schema: S): z.output<S> {
  return schema.parse({});
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDef = SettingDef<z.ZodType, any>;
type Value<D extends AnyDef> = z.output<D['schema']>;

const cache = new Map<string, { raw: string; value: unknown; valid: boolean }>();

function storageKey(def: AnyDef, team?: string | null): string {
  if (team && def.scope !== 'team') throw new Error(`setting ${def.key} has no team scope`);
  return team ? `${def.key}:${team}` : def.key;
}

/** The parsed value of the stored text `raw` of `key` (cached by text), or undefined when it is not valid. */
function parsedRaw<D extends AnyDef>(def: D, key: string, raw: string | undefined): Value<D> | undefined {
  if (raw === undefined) return undefined;
  let hit = cache.get(key);
  if (hit?.raw !== raw) {
    let parsed: { success: boolean; data?: unknown } = { success: false };
    try { parsed = def.schema.safeParse(JSON.parse(raw)); } catch { /* broken JSON counts as nothing stored */ }
    hit = { raw, value: parsed.data, valid: parsed.success };
    cache.set(key, hit);
  }
  return hit.valid ? (hit.value as Value<D>) : undefined;
}

export interface WriteMeta { at: number; by: string | null; team?: string | null }

/** The value as stored (validated by the group's schema; a ValidationError names what is wrong). */
function validated<D extends AnyDef>(def: D, value: z.input<D['schema']>): Value<D> {
  const parsed = def.schema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    throw new ValidationError(`${def.key} is invalid: ${issues.map((i) => `${i.path || '(value)'}: ${i.message}`).join('; ')}`, issues);
  }
  return parsed.data as Value<D>;
}

/* Reads and writes go through a unit of work (`q`: a read or a transaction, either engine). One cache. */

/* Read a dozen times per customer message when transactions are small: built once (core/ports/reusable-query.ts). */
const storedValue = reusableQuery('app_setting_value', ['key'], ({ db, t: { appSettings } }, p) =>
  db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, p.key)).limit(1));

/** The stored text of `key`: looked up once per transaction or read (the hot path reads a dozen settings per message). */
async function storedRaw(q: Queries, key: string): Promise<string | undefined> {
  const memoKey = `setting:${key}`;
  if (q.memo?.has(memoKey)) return q.memo.get(memoKey) as string | undefined;
  const [row] = await storedValue(q, { key });
  q.memo?.set(memoKey, row?.value);
  return row?.value;
}

async function storedIn<D extends AnyDef>(q: Queries, def: D, team?: string | null): Promise<Value<D> | undefined> {
  const key = storageKey(def, team);
  return parsedRaw(def, key, await storedRaw(q, key));
}

/**
 * The value of a setting, in a unit of work: for a team-scoped group and a `team`, the team's own value when it
 * has one, else the organisation's; else the group's fallback. A stored value that no longer validates counts as absent.
 */
export async function readSettingIn<S extends z.ZodType, F extends z.output<S> | undefined>(
  q: Queries, def: SettingDef<S, F>, team?: string | null,
): Promise<z.output<S> | F> {
  if (team) {
    const own = await storedIn(q, def, team);
    if (own !== undefined) return own;
  }
  return (await storedIn(q, def)) ?? def.fallback;
}

/** Only what is stored for this key (no team → org fallback, no default): audits' "before", "has its own?". */
export function readOwnSettingIn<D extends AnyDef>(q: Queries, def: D, team?: string | null): Promise<Value<D> | undefined> {
  return storedIn(q, def, team);
}

/** Validates and stores a setting (the organisation's, or a team's own with `meta.team`); returns the stored value (the cache takes the value at once: readers compare it with the stored text). */
export async function writeSettingIn<D extends AnyDef>(q: Queries, def: D, value: z.input<D['schema']>, meta: WriteMeta): Promise<Value<D>> {
  const data = validated(def, value);
  const key = storageKey(def, meta.team);
  const raw = JSON.stringify(data);
  await q.db.insert(q.t.appSettings).values({ key, value: raw, updatedAt: meta.at, updatedBy: meta.by })
    .onConflictDoUpdate({ target: q.t.appSettings.key, set: { value: raw, updatedAt: meta.at, updatedBy: meta.by } });
  cache.set(key, { raw, value: data, valid: true });
  q.memo?.set(`setting:${key}`, raw);
  return data;
}

/** Removes a stored value (a team goes back to the organisation's; an org setting back to its fallback). */
export async function deleteSettingIn(q: Queries, def: AnyDef, team?: string | null): Promise<void> {
  const key = storageKey(def, team);
  await q.db.delete(q.t.appSettings).where(eq(q.t.appSettings.key, key));
  cache.delete(key);
  q.memo?.set(`setting:${key}`, undefined);
}
