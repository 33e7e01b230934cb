/**
 * @module Profile-wall addresses: one random slug per agent or duty group (never the userid), created on
 * first use; `wallUrl` is what the WeCom profile card's web attribute points at.
 */
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import type { Store } from '../db/index';
import { first, type Queries } from '../core/ports/queries';
import { profileWalls, type ProfileWall, type WallKind } from '../db/schema/index';

/** The wall of the duty group when no Relay duty groups exist yet. */
export const DEFAULT_GROUP = 'duty';

export function ensureWall(db: Store, kind: WallKind, target: string, now: number): ProfileWall {
  const found = db.select().from(profileWalls).where(and(eq(profileWalls.kind, kind), eq(profileWalls.target, target))).get();
  if (found) return found;
  const slug = randomBytes(16).toString('base64url');
  db.insert(profileWalls).values({ slug, kind, target, createdAt: now }).onConflictDoNothing().run();
  return db.select().from(profileWalls).where(and(eq(profileWalls.kind, kind), eq(profileWalls.target, target))).get()!;
}

export function findWall(q: Queries, slug: string): Promise<ProfileWall | undefined> {
  return first(q.db.select().from(q.t.profileWalls).where(eq(q.t.profileWalls.slug, slug)).limit(1));
}

export function baseUrl(d: { config: Pick<CoreDeps['config'], 'publicBaseUrl'> }): string {
  return (d.config.publicBaseUrl ?? '').replace(/\/+$/, '');
}

/** Public URL of an agent's wall (or a duty group's with kind `group`). */
export function wallUrl(d: Pick<CoreDeps, 'db' | 'clock' | 'config'>, target: string, kind: WallKind = 'agent'): string {
  return `${baseUrl(d)}/w/${ensureWall(d.db, kind, target, d.clock.now()).slug}`;
}
