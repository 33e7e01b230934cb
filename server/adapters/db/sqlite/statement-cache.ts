/**
 * @module Prepared statements kept per SQLite connection. drizzle compiles each query to SQL text and asks its
 * client to `prepare` it every time; better-sqlite3 then parses and plans the statement again — on the hot path
 * (one customer message makes dozens of queries) that was most of the cost of the query builder. `prepare` is
 * answered from a cache keyed by SQL text (values are bound per call, so the text repeats). drizzle runs each
 * statement to completion at once (`all`/`get`/`run`, never an open iterator), so one statement object can serve
 * every caller; its `raw` mode, which drizzle switches on for some reads, is switched back off before it is handed
 * out again.
 *
 * A bound LIMIT is written into the text instead. drizzle renders `.limit(n)` as `limit ?`; SQLite's planner reads a
 * bound LIMIT's value (it costs the plan with it), which marks the statement to be compiled again whenever that
 * value is bound — and better-sqlite3 binds every value on every run. Measured here (SQLite 3.53, better-sqlite3
 * 12): a primary-key read with `limit ?` 14 µs against 4–6 µs with `limit 1`, the job claim's select 45 µs against
 * 6 µs. So a statement ending in `limit ?` (or `limit ? offset ?`) runs as its twin with the value in the text, one
 * twin per value (few: the limits are constants of the code).
 */
import type Database from 'better-sqlite3';

/** Distinct statements kept per connection (SQL text varies with `in (…)` list lengths): dropped all at once beyond it. */
const MAX_STATEMENTS = 2000;
/** Distinct LIMIT values written into one statement's text; a statement run with more keeps the rest bound. */
const MAX_LIMIT_TWINS = 16;

const TRAILING_LIMIT = /\blimit \?( offset \?)?\s*$/i;
const CACHED = Symbol('statement cache');

type Prepare = (source: string) => Database.Statement;
type Run = 'run' | 'get' | 'all' | 'iterate';

/** `prepare` answered from a cache per connection (made once: asking again returns the same function). */
export function cachedPrepare(sqlite: Database.Database): Prepare {
  const known = (sqlite as unknown as { [CACHED]?: Prepare })[CACHED];
  if (known) return known;
  const prepareOnce = sqlite.prepare.bind(sqlite) as Prepare;
  const cache = new Map<string, Database.Statement>();
  const prepare: Prepare = (source) => {
    let stmt = cache.get(source);
    if (stmt) {
      if (stmt.reader) stmt.raw(false);
      return stmt;
    }
    stmt = TRAILING_LIMIT.test(source) ? withLiteralLimit(prepareOnce, source) : prepareOnce(source);
    if (cache.size >= MAX_STATEMENTS) cache.clear();
    cache.set(source, stmt);
    return stmt;
  };
  Object.defineProperty(sqlite, CACHED, { value: prepare });
  return prepare;
}

/**
 * The statement `source` (ending in `limit ?`), run as a twin with the limit's value in its text whenever that value
 * is a non-negative integer; anything else (named parameters, another value type, too many distinct limits) runs
 * the bound original. Everything else about the statement is the original's.
 */
function withLiteralLimit(prepare: Prepare, source: string): Database.Statement {
  const bound = prepare(source);
  const offsetBound = /offset \?\s*$/i.test(source);
  const twins = new Map<number, Database.Statement>();
  let raw = false;
  const twinFor = (args: unknown[]): { stmt: Database.Statement; args: unknown[] } => {
    const at = args.length - (offsetBound ? 2 : 1);
    const limit = args[at];
    if (at < 0 || typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 0 || args.some((a) => a !== null && typeof a === 'object' && !ArrayBuffer.isView(a))) {
      return { stmt: bound, args };
    }
    let twin = twins.get(limit);
    if (!twin) {
      if (twins.size >= MAX_LIMIT_TWINS) return { stmt: bound, args };
      twin = prepare(source.replace(TRAILING_LIMIT, (_m, offset: string | undefined) => `limit ${limit}${offset ?? ''}`));
      twins.set(limit, twin);
    }
    return { stmt: twin, args: args.filter((_a, i) => i !== at) };
  };
  const running = (method: Run) => (...args: unknown[]) => {
    const { stmt, args: rest } = twinFor(args);
    if (stmt.reader) stmt.raw(raw);
    return (stmt[method] as (...a: unknown[]) => unknown)(...rest);
  };
  const methods: Record<Run, (...args: unknown[]) => unknown> = { run: running('run'), get: running('get'), all: running('all'), iterate: running('iterate') };
  const proxy: Database.Statement = new Proxy(bound, {
    get(target, prop) {
      if (prop === 'raw') return (toggle?: boolean) => { raw = toggle ?? true; if (target.reader) target.raw(raw); return proxy; };
      if (typeof prop === 'string' && prop in methods) return methods[prop as Run];
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return proxy;
}

/** The connection with `prepare` answered from its cache, for a drizzle instance (other members are the connection's). */
export function withStatementCache(sqlite: Database.Database): Database.Database {
  const prepare = cachedPrepare(sqlite);
  return new Proxy(sqlite, {
    get(target, prop) {
      if (prop === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
