/**
 * @module The PostgreSQL table objects under the `Tables` type queries are written against. The cast is
 * proven here: for every table, the row types (select and insert) of both dialects are identical, and the
 * drift test (test/server/adapters/db/schema-drift.test.ts) checks names, types, defaults and indexes.
 */
import * as pgSchema from './schema/index';
import type { Tables } from '../../../core/ports/tables';

type PgSchema = typeof pgSchema;
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
type RowsMatch = {
  [K in keyof Tables]: K extends keyof PgSchema
    ? Same<Tables[K]['$inferSelect'], PgSchema[K]['$inferSelect']> extends true
      ? Same<Tables[K]['$inferInsert'], PgSchema[K]['$inferInsert']>
      : false
    : false;
};
type Mismatched = { [K in keyof RowsMatch]: RowsMatch[K] extends true ? never : K }[keyof RowsMatch];
/** Fails to compile, naming the table, when a PostgreSQL table's rows differ from the SQLite table's. */
const mirrored: [Mismatched] extends [never] ? true : Mismatched = true;
void mirrored;

export const pgTables = pgSchema as unknown as Tables;
