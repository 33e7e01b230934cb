/**
 * @module Queries the hot path runs for every customer message, built once instead of every time. drizzle turns a
 * query builder into SQL text on each execution, and on a busy desk that costs more CPU than SQLite spends running
 * the statement (the end-to-end benchmark's profile, test/bench/PROFILE.md). A reusable query is written once with
 * the common builder and named placeholders for its values; it is prepared the first time it runs on a query
 * handle and reused from then on:
 * - SQLite: per connection (the unit of work's write connection, or its reader), for the life of the process;
 * - PostgreSQL: per transaction (or pool, for reads), as a named server-side statement (`name` is its name, so
 *   each connection parses it once).
 * Only for queries whose SQL never changes with the values: no `inArray` over a list of varying length, no
 * optional `set` fields. Values go in as placeholders (in an update's `set`, as sql`${p.value}`: drizzle's types
 * want SQL there); constants (a status list, a limit) may be written inline.
 *
 * @example
 *   const nicknameOf = reusableQuery('customer_nickname', ['id'], ({ db, t }, p) =>
 *     db.select({ nickname: t.customers.nickname }).from(t.customers).where(eq(t.customers.externalUserid, p.id)).limit(1));
 *   const [row] = await nicknameOf(q, { id: externalUserid });
 */
import { sql, type Placeholder } from 'drizzle-orm';
import type { Queries } from './queries';

interface Executable { execute(values?: Record<string, unknown>): unknown }
interface Preparable { prepare(): Executable }

type Result<B extends Preparable> = Awaited<ReturnType<ReturnType<B['prepare']>['execute']>>;

const names = new Set<string>();

/** Defines a reusable query: `params` are its placeholders' names; `build` writes it once with them. */
export function reusableQuery<P extends string, B extends Preparable>(
  name: string, params: readonly P[], build: (q: Queries, p: Record<P, Placeholder>) => B,
): (q: Queries, values: Record<P, unknown>) => Promise<Result<B>> {
  const family = reusableQueryFamily(name, params, (q, p, _variant: '') => build(q, p));
  return (q, values) => family(q, '', values);
}

/**
 * A reusable query whose SQL also depends on a choice fixed for its caller's life (a job runner's kinds): one
 * prepared query per distinct `variant` (a string naming the choice), each built by `build` once per query handle.
 * Keep the variants few: each is a statement kept per connection.
 *
 * @example
 *   const dueOfKinds = reusableQueryFamily('jobs_due_of_kinds', ['now'], ({ db, t: { jobs } }, p, kinds: string) =>
 *     db.select().from(jobs).where(and(inArray(jobs.kind, kinds.split(',')), lte(jobs.runAt, p.now))));
 *   const rows = await dueOfKinds(tx, kinds.join(','), { now });
 */
export function reusableQueryFamily<P extends string, V extends string, B extends Preparable>(
  name: string, params: readonly P[], build: (q: Queries, p: Record<P, Placeholder>, variant: V) => B,
): (q: Queries, variant: V, values: Record<P, unknown>) => Promise<Result<B>> {
  if (!/^[a-z][a-z0-9_]{0,40}$/.test(name)) throw new Error(`reusable query name ${name}: lowercase letters, digits and _ (a PostgreSQL statement name)`);
  if (names.has(name)) throw new Error(`reusable query ${name} is defined twice`);
  names.add(name);
  const placeholders = Object.fromEntries(params.map((p) => [p, sql.placeholder(p)])) as unknown as Record<P, Placeholder>;
  /** Each variant's PostgreSQL statement name, numbered in the order first seen (a name always means one SQL text in a process). */
  const statementNames = new Map<string, string>();
  const prepared = new WeakMap<object, Map<string, Executable>>();
  return (q, variant, values) => {
    let ofHandle = prepared.get(q.db);
    if (!ofHandle) prepared.set(q.db, ofHandle = new Map());
    let query = ofHandle.get(variant);
    if (!query) {
      let statementName = statementNames.get(variant);
      if (!statementName) statementNames.set(variant, statementName = statementNames.size === 0 ? `ms_${name}` : `ms_${name}_${statementNames.size}`);
      // the one place the core prepares: the common builder's own `prepare` (PostgreSQL takes the statement's name)
      const builder = build(q, placeholders, variant) as unknown as { prepare(name?: string): Executable };
      // eslint-disable-next-line no-restricted-syntax
      query = builder.prepare(statementName);
      ofHandle.set(variant, query);
    }
    return Promise.resolve(query.execute(values)) as Promise<Result<B>>;
  };
}
