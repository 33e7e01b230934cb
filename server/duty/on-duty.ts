/**
 * @module Who is on duty now: the person urgent cases, relays, 活码 and profile walls point at.
 * Until duty groups exist (Relay issue), the on-duty agent is the online agent who has been online longest.
 */
import { asc, eq } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import { agents } from '../db/schema/index';

export interface OnDuty { userid: string; name: string }

export function findOnDuty(d: Pick<CoreDeps, 'db'>, _at: number): OnDuty | null {
  const a = d.db.select({ userid: agents.userid, name: agents.name }).from(agents)
    .where(eq(agents.status, 'online')).orderBy(asc(agents.statusChangedAt)).limit(1).get();
  return a ?? null;
}
