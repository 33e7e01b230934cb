/**
 * @module The better-sqlite3 connection under a drizzle `Store` (the database or an open transaction on it), and
 * statements prepared once per connection for the hottest reads. A statement on the connection runs inside
 * whatever transaction is open on it, so it sees that transaction's writes. The one place that reads drizzle's
 * session for a transaction (`$client` is public on the database only).
 */
import type { Database, Statement } from 'better-sqlite3';
import type { Store } from './index';

export function connectionOf(store: Store): Database {
  const s = store as unknown as { $client?: Database; session: { client: Database } };
  return s.$client ?? s.session.client;
}

const statements = new WeakMap<Database, Map<string, Statement>>();

/** `sql` prepared once on the store's connection (kept per connection, never shared between databases). */
export function preparedOn<P extends unknown[], R>(store: Store, sql: string): Statement<P, R> {
  const conn = connectionOf(store);
  let byText = statements.get(conn);
  if (!byText) { byText = new Map(); statements.set(conn, byText); }
  let stmt = byText.get(sql);
  if (!stmt) { stmt = conn.prepare(sql); byText.set(sql, stmt); }
  return stmt as unknown as Statement<P, R>;
}
