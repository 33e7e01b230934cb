/**
 * @module Profile-wall addresses: one random slug per agent or duty group (never the userid), created on
 * first use; `wallUrlIn` is what the WeCom profile card's web attribute points at.
 */
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { CoreDeps } from '../../app/deps';
import { first, type Queries } from '../ports/queries';
import type { Tx } from '../ports/unit-of-work';
import { type ProfileWall, type WallKind } from '../../adapters/db/sqlite/schema/index';

/** The wall of the duty group when no Relay duty groups exist yet. */
export const DEFAULT_GROUP = 'duty';

/** The wall of an agent or a duty group, created on first use (in the caller's transaction, either engine). */
export async function ensureWallIn(tx: Tx, kind: WallKind, target: string, now: number): Promise<ProfileWall> {
  const w = tx.t.profileWalls;
  const existing = () => first(tx.db.select().from(w).where(and(eq(w.kind, kind), eq(w.target, target))).limit(1));
  const found = await existing();
  if (found) return found;
  const [added] = await tx.db.insert(w).values({ slug: randomBytes(16).toString('base64url'), kind, target, createdAt: now }).onConflictDoNothing().returning();
  return added ?? (await existing())!;
}

export function findWall(q: Queries, slug: string): Promise<ProfileWall | undefined> {
  return first(q.db.select().from(q.t.profileWalls).where(eq(q.t.profileWalls.slug, slug)).limit(1));
}

export function baseUrl(d: { config: Pick<CoreDeps['config'], 'publicBaseUrl'> }): string {
  return (d.config.publicBaseUrl ?? '').replace(/\/+$/, '');
}

/** Public URL of an agent's wall (or a duty group's with kind `group`), the wall created on first use in `tx`. */
export async function wallUrlIn(tx: Tx, d: { clock: Pick<CoreDeps['clock'], 'now'>; config: Pick<CoreDeps['config'], 'publicBaseUrl'> }, target: string, kind: WallKind = 'agent'): Promise<string> {
  return `${baseUrl(d)}/w/${(await ensureWallIn(tx, kind, target, d.clock.now())).slug}`;
}
