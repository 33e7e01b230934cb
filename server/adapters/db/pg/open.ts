/**
 * @module Opens PostgreSQL: a `pg` pool whose int8 values come back as numbers (epoch ms, counts; an int8
 * beyond 2^53 is an error, never a silent rounding), and the committed migrations applied under an advisory
 * lock, so instances starting together cannot race.
 */
import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { fileURLToPath } from 'node:url';

const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));
const INT8_OID = 20;
/** Held while migrating; every instance takes it before looking at the migration table. */
export const MIGRATION_LOCK = 'moonshift.migrations';

function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${text} does not fit a JavaScript number`);
  return n;
}

/** Type parsers of this pool only (the `pg` module's global parsers are left alone). */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? parseInt8 : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

export interface PgOptions {
  /** Connections in the pool (default 10). */
  max?: number;
  /** Apply the migrations at open (default true). */
  migrate?: boolean;
}

export interface PgHandle {
  pool: pg.Pool;
  db: NodePgDatabase;
  close(): Promise<void>;
}

export function createPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, types });
  // An idle client's connection dropped by the server: the pool discards it; nothing to crash for.
  pool.on('error', () => undefined);
  return pool;
}

/** Applies the committed migrations; concurrent callers wait on the advisory lock and then find nothing to do. */
export async function migratePg(pool: pg.Pool, migrationsFolder = MIGRATIONS): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock(hashtext($1))', [MIGRATION_LOCK]);
    try {
      await migrate(drizzle({ client }), { migrationsFolder });
    } finally {
      await client.query('select pg_advisory_unlock(hashtext($1))', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

export async function openPg(url: string, o: PgOptions = {}): Promise<PgHandle> {
  const pool = createPool(url, o.max);
  if (o.migrate !== false) await migratePg(pool);
  return { pool, db: drizzle({ client: pool }), close: () => pool.end() };
}
