/**
 * @module Agent/admin sessions: an HttpOnly, signed (HMAC-SHA256), expiring cookie holding the WeCom userid,
 * issued after WeCom OAuth. `requireAgent` admits known agents (and admins); `requireAdmin` admins only:
 * members in ADMIN_USERIDS or granted the role by another admin. Missing/forged/expired cookie → 401.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import { eq } from 'drizzle-orm';
import type { CoreDeps } from '../deps';
import { adminGrants, agents } from '../db/schema/index';
import { ForbiddenError, UnauthorizedError } from '../errors';

export const SESSION_COOKIE = 'ms_session';
export const SESSION_HOURS = 12;

export interface SessionVars {
  userid: string;
  isAdmin: boolean;
}
export type AuthedEnv = { Variables: SessionVars & { requestId: string } };

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

export function isAdmin(d: Pick<CoreDeps, 'db' | 'config'>, userid: string): boolean {
  if (d.config.adminUserids.includes(userid)) return true;
  return d.db.select({ u: adminGrants.userid }).from(adminGrants).where(eq(adminGrants.userid, userid)).get() !== undefined;
}

async function authenticate(c: Context, d: CoreDeps): Promise<SessionVars> {
  const userid = await readSession(c, d);
  if (!userid) throw new UnauthorizedError('sign in through WeCom first (missing, forged or expired session)');
  const admin = isAdmin(d, userid);
  const known = d.db.select({ u: agents.userid }).from(agents).where(eq(agents.userid, userid)).get() !== undefined;
  if (!known && !admin) throw new ForbiddenError(`${userid} is not a Moonshift agent`);
  return { userid, isAdmin: admin };
}

export function requireAgent(d: CoreDeps): MiddlewareHandler<AuthedEnv> {
  return async function requireAgentSession(c, next) {
    const s = await authenticate(c, d);
    c.set('userid', s.userid);
    c.set('isAdmin', s.isAdmin);
    await next();
  };
}

export function requireAdmin(d: CoreDeps): MiddlewareHandler<AuthedEnv> {
  return async function requireAdminSession(c, next) {
    const s = await authenticate(c, d);
    if (!s.isAdmin) throw new ForbiddenError('admin role required');
    c.set('userid', s.userid);
    c.set('isAdmin', true);
    await next();
  };
}
