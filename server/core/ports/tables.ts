/**
 * @module The tables queries are written against: the SQLite schema of record's table objects, as a type.
 * Each engine hands its own table objects to a transaction (`tx.t`); the PostgreSQL ones are proven to have
 * the same row types at compile time (server/adapters/db/pg/tables.ts) and the same shape by the drift test.
 */
import type * as schema from '../../adapters/db/sqlite/schema/index';

export type Tables = typeof schema;
