/**
 * @module Compares the SQLite schema of record with its PostgreSQL mirror through drizzle's `getTableConfig`
 * of each core: tables, columns (type through an explicit mapping, nullability, default, primary key,
 * identity, unique), composite primary keys, foreign keys and indexes (columns, unique, partial predicate).
 * Returns one readable line per difference.
 */
import { is, SQL, Table, getTableName } from 'drizzle-orm';
import { getTableConfig as sqliteConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { getTableConfig as pgConfig, PgTable } from 'drizzle-orm/pg-core';

/** Which PostgreSQL column type mirrors each SQLite one (epoch-ms integers need 64 bits; REAL is a double). */
export const TYPE_MAP: Record<string, string> = {
  SQLiteInteger: 'PgBigInt53',
  SQLiteText: 'PgText',
  SQLiteReal: 'PgDoublePrecision',
  SQLiteBoolean: 'PgBoolean',
};

interface ColumnShape { type: string; notNull: boolean; default: string; primary: boolean; identity: boolean; unique: boolean }
interface TableShape {
  columns: Record<string, ColumnShape>;
  primaryKeys: string[];
  foreignKeys: string[];
  indexes: Record<string, string>;
}

function sqlText(value: unknown): string {
  if (value === undefined) return '—';
  if (is(value, SQL)) {
    return value.queryChunks.map((c) => (typeof c === 'object' && c !== null && 'value' in c ? (c.value as string[]).join('') : String(c)))
      .join('').replace(/\s+/g, ' ').trim().toLowerCase();
  }
  return JSON.stringify(value);
}

const colName = (c: unknown) => (c as { name: string }).name;

/** What both dialects' table configs describe alike: primary keys, foreign keys, indexes. */
interface KeyConfig {
  primaryKeys: { columns: { name: string }[] }[];
  foreignKeys: { reference(): { columns: unknown[]; foreignTable: Table; foreignColumns: unknown[] } }[];
  indexes: { config: { name?: string; unique: boolean; columns: unknown[]; where?: unknown } }[];
}

function keysOf(cfg: KeyConfig): Omit<TableShape, 'columns'> {
  return {
    primaryKeys: cfg.primaryKeys.map((pk) => pk.columns.map((c) => c.name).join(',')),
    foreignKeys: cfg.foreignKeys.map((fk) => {
      const r = fk.reference();
      return `${r.columns.map(colName).join(',')} → ${getTableName(r.foreignTable)}(${r.foreignColumns.map(colName).join(',')})`;
    }).sort(),
    indexes: Object.fromEntries(cfg.indexes.map((i) => [i.config.name ?? '(unnamed)',
      `${i.config.unique ? 'unique ' : ''}(${i.config.columns.map(colName).join(',')}) where ${sqlText(i.config.where)}`])),
  };
}

function sqliteShape(t: SQLiteTable): TableShape {
  const cfg = sqliteConfig(t);
  const columns: Record<string, ColumnShape> = {};
  for (const c of cfg.columns) {
    columns[c.name] = {
      type: TYPE_MAP[c.columnType] ?? `unmapped ${c.columnType}`,
      notNull: c.notNull, default: sqlText(c.default), primary: c.primary,
      // an INTEGER PRIMARY KEY is SQLite's rowid: the database numbers new rows, like an identity column
      identity: c.primary && c.columnType === 'SQLiteInteger', unique: c.isUnique,
    };
  }
  return { columns, ...keysOf(cfg) };
}

function pgShape(t: PgTable): TableShape {
  const cfg = pgConfig(t);
  const columns: Record<string, ColumnShape> = {};
  for (const c of cfg.columns) {
    columns[c.name] = {
      type: c.columnType, notNull: c.notNull, default: sqlText(c.default), primary: c.primary,
      identity: c.generatedIdentity !== undefined, unique: c.isUnique,
    };
  }
  return { columns, ...keysOf(cfg) };
}

function tablesOf(schema: Record<string, unknown>): Map<string, Table> {
  const out = new Map<string, Table>();
  for (const v of Object.values(schema)) if (is(v, Table)) out.set(getTableName(v), v);
  return out;
}

function compare(table: string, a: TableShape, b: TableShape): string[] {
  const diffs: string[] = [];
  for (const name of new Set([...Object.keys(a.columns), ...Object.keys(b.columns)])) {
    const x = a.columns[name], y = b.columns[name];
    if (!x || !y) { diffs.push(`${table}.${name}: only in ${x ? 'SQLite' : 'PostgreSQL'}`); continue; }
    for (const k of Object.keys(x) as (keyof ColumnShape)[]) {
      if (x[k] !== y[k]) diffs.push(`${table}.${name}: ${k} SQLite ${String(x[k])} (→ expected), PostgreSQL ${String(y[k])}`);
    }
  }
  if (a.primaryKeys.join(';') !== b.primaryKeys.join(';')) diffs.push(`${table}: primary key ${a.primaryKeys} vs ${b.primaryKeys}`);
  if (a.foreignKeys.join(';') !== b.foreignKeys.join(';')) diffs.push(`${table}: foreign keys ${a.foreignKeys} vs ${b.foreignKeys}`);
  for (const name of new Set([...Object.keys(a.indexes), ...Object.keys(b.indexes)])) {
    if (a.indexes[name] !== b.indexes[name]) diffs.push(`${table}: index ${name} SQLite ${a.indexes[name] ?? 'missing'}, PostgreSQL ${b.indexes[name] ?? 'missing'}`);
  }
  return diffs;
}

/** Every difference between the two schemas (empty when they mirror each other). */
export function schemaDrift(sqliteSchema: Record<string, unknown>, pgSchema: Record<string, unknown>): string[] {
  const s = tablesOf(sqliteSchema), p = tablesOf(pgSchema);
  const diffs: string[] = [];
  for (const name of new Set([...s.keys(), ...p.keys()])) {
    const a = s.get(name), b = p.get(name);
    if (!a || !b) { diffs.push(`table ${name}: only in ${a ? 'SQLite' : 'PostgreSQL'}`); continue; }
    if (!is(a, SQLiteTable) || !is(b, PgTable)) { diffs.push(`table ${name}: wrong dialect`); continue; }
    diffs.push(...compare(name, sqliteShape(a), pgShape(b)));
  }
  return diffs;
}
