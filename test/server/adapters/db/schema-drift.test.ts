import { describe, it, expect } from 'vitest';
import { sql } from 'drizzle-orm';
import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';
import { pgTable, bigint, text as pgText, index as pgIndex, uniqueIndex as pgUniqueIndex } from 'drizzle-orm/pg-core';
import * as sqliteSchema from '../../../../server/adapters/db/sqlite/schema/index';
import * as pgSchema from '../../../../server/adapters/db/pg/schema/index';
import { schemaDrift } from '../../../support/schema-drift';

describe('the PostgreSQL schema mirrors the SQLite schema of record', () => {
  it('has the same tables, columns, types, nullability, defaults, keys and indexes', () => {
    expect(schemaDrift(sqliteSchema, pgSchema)).toEqual([]);
  });
});

describe('the drift check', () => {
  const lite = sqliteTable('t', {
    id: integer('id').primaryKey(),
    at: integer('at').notNull(),
    state: text('state').notNull().default('a'),
  }, (t) => [index('t_at').on(t.at).where(sql`state = 'a'`)]);

  it('reports a column whose nullability, type or default differs', () => {
    const drifted = pgTable('t', {
      id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
      at: pgText('at'),
      state: pgText('state').notNull().default('b'),
    }, (t) => [pgIndex('t_at').on(t.at).where(sql`state = 'a'`)]);
    const diffs = schemaDrift({ lite }, { drifted });
    expect(diffs).toContain('t.at: type SQLite PgBigInt53 (→ expected), PostgreSQL PgText');
    expect(diffs).toContain('t.at: notNull SQLite true (→ expected), PostgreSQL false');
    expect(diffs).toContain('t.state: default SQLite "a" (→ expected), PostgreSQL "b"');
  });

  it('reports an index that is missing, not unique or has another predicate, and a missing table', () => {
    const drifted = pgTable('t', {
      id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
      at: bigint('at', { mode: 'number' }).notNull(),
      state: pgText('state').notNull().default('a'),
    }, (t) => [pgUniqueIndex('t_at').on(t.at).where(sql`state = 'b'`), pgIndex('t_extra').on(t.state)]);
    const extra = pgTable('u', { id: bigint('id', { mode: 'number' }).primaryKey() });
    const diffs = schemaDrift({ lite }, { drifted, extra });
    expect(diffs).toEqual([
      "t: index t_at SQLite (at) where state = 'a', PostgreSQL unique (at) where state = 'b'",
      't: index t_extra SQLite missing, PostgreSQL (state) where —',
      'table u: only in PostgreSQL',
    ]);
  });

  it('reports an identity column that SQLite does not number itself', () => {
    const drifted = pgTable('t', {
      id: bigint('id', { mode: 'number' }).primaryKey(),
      at: bigint('at', { mode: 'number' }).notNull(),
      state: pgText('state').notNull().default('a'),
    }, (t) => [pgIndex('t_at').on(t.at).where(sql`state = 'a'`)]);
    expect(schemaDrift({ lite }, { drifted })).toEqual(['t.id: identity SQLite true (→ expected), PostgreSQL false']);
  });
});
