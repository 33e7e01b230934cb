/**
 * @module Agent/admin sessions: an HttpOnly, signed (HMAC-SHA256), expiring cookie holding the WeCom userid,
 * issued after WeCom OAuth. `authenticate` admits known agents and admins (members in ADMIN_USERIDS or granted
 * the role by another admin); missing/forged/expired cookie → 401. Which routes need which is decided by the
 * route table (`server/http/access/route-table.ts`), the only caller.
 */
import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { eq, sql } from 'drizzle-orm';
import type { CoreDeps } from '../app/deps';
import type { Queries } from '../core/ports/queries';
import { ForbiddenError, UnauthorizedError } from '../core/errors';
import type { Viewer } from '../core/access/viewer';
import type { Conversation } from '../adapters/db/sqlite/schema/index';

export const SESSION_COOKIE = 'ms_session';
export const SESSION_HOURS = 12;

export interface SessionVars {
  userid: string;
  isAdmin: boolean;
}
export interface AccessVars extends SessionVars {
  requestId: string;
  /** Who is looking (set by the route table for agent, admin and deep-link routes). */
  viewer: Viewer;
  /** For routes scoped to a customer: that customer's conversations the viewer may see, most recent first. */
  conversations: Conversation[];
  /** The per-request CSP nonce of server-rendered pages (hono/secure-headers). */
  secureHeadersNonce?: string;
}
export type AuthedEnv = { Variables: AccessVars };

interface SessionValue { uid: string; exp: number }

export async function issueSession(c: Context, d: Pick<CoreDeps, 'config' | 'clock'>, userid: string): Promise<void> {
  const exp = d.clock.now() + SESSION_HOURS * 3_600_000;
  const value = JSON.stringify({ uid: userid, exp } satisfies SessionValue);
  await setSignedCookie(c, SESSION_COOKIE, value, d.config.sessionSecret, {
    httpOnly: true, sameSite: 'Lax', path: '/', maxAge: SESSION_HOURS * 3600,
    secure: (d.config.publicBaseUrl ?? '').startsWith('https://'),
  });
}

export function endSession(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

/** The userid of a valid session, or undefined. */
export async function readSession(c: Context, d: Pick<CoreDeps, 'config' | 'clock'>): Promise<string | undefined> {
  const raw = await getSignedCookie(c, d.config.sessionSecret, SESSION_COOKIE);
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as Partial<SessionValue>;
    if (typeof v.uid !== 'string' || typeof v.exp !== 'number' || v.exp <= d.clock.now()) return undefined;
    return v.uid;
  } catch {
    return undefined;
  }
}

/** What the database knows of a member, in one read: a known agent? granted the admin role? the teams they serve. */
export interface Membership { agent: boolean; granted: boolean; teams: string[] }

/** One round trip (three primary-key/indexed probes in one statement): the per-request check stays cheap. */
export async function membershipOf(q: Queries, userid: string): Promise<Membership> {
  const { agents: a, adminGrants: g, kfServicers: k } = q.t;
  const rows = await q.db.select({ what: sql<string>`'agent'`.as('what'), team: sql<string | null>`null`.as('team') }).from(a).where(eq(a.userid, userid))
    .unionAll(q.db.select({ what: sql<string>`'admin'`.as('what'), team: sql<string | null>`null`.as('team') }).from(g).where(eq(g.userid, userid)))
    .unionAll(q.db.select({ what: sql<string>`'team'`.as('what'), team: k.openKfid }).from(k).where(eq(k.userid, userid)));
  return {
    agent: rows.some((r) => r.what === 'agent'),
    granted: rows.some((r) => r.what === 'admin'),
    teams: rows.flatMap((r) => (r.what === 'team' && r.team !== null ? [r.team] : [])),
  };
}

/** Whether the member is an admin: listed in ADMIN_USERIDS, or granted the role by another admin. */
export async function isAdmin(q: Queries, d: { config: Pick<CoreDeps['config'], 'adminUserids'> }, userid: string): Promise<boolean> {
  if (d.config.adminUserids.includes(userid)) return true;
  const { adminGrants: g } = q.t;
  return (await q.db.select({ u: g.userid }).from(g).where(eq(g.userid, userid)).limit(1)).length > 0;
}

/** The signed-in member, if a known agent or an admin (with the teams they serve); else 401 (no valid session) or 403. */
export async function authenticate(c: Context, d: CoreDeps): Promise<SessionVars & { teams: string[] }> {
  const userid = await readSession(c, d);
  if (!userid) throw new UnauthorizedError('sign in through WeCom first (missing, forged or expired session)');
  const m = await d.shared.uow.read((q) => membershipOf(q, userid));
  const admin = d.config.adminUserids.includes(userid) || m.granted;
  if (!m.agent && !admin) throw new ForbiddenError(`${userid} is not a Moonshift agent`);
  return { userid, isAdmin: admin, teams: m.teams };
}
