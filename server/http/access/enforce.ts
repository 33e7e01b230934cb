/**
 * @module Enforces the route table, in one place, before any route runs: finds the matched route's line (none →
 * 404, deny by default), admits the caller (session, admin role, deep link, demo mode), requires a same-origin
 * request for cookie-authenticated state changes (CSRF), reads the body under the route's byte limit (413) and
 * media type (415) — or refuses a body the route does not take — and checks the IDs the route names against
 * what the caller may see (404 for another team's as for a missing one). Routes then read
 * `c.get('viewer')`, `c.get('userid')` and, for customer-scoped routes, `c.get('conversations')`.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { matchedRoutes } from 'hono/route';
import { eq } from 'drizzle-orm';
import type { CoreDeps } from '../../app/deps';
import { first } from '../../core/ports/queries';
import { ForbiddenError, NotFoundError, PayloadTooLargeError, UnauthorizedError, UnsupportedMediaTypeError } from '../../core/errors';
import { hasBody, readBodyWithin } from '../body';
import { isSameOriginRequest } from '../same-origin';
import { authenticate, isAdmin, readSession, SESSION_COOKIE, type AuthedEnv } from '../session';
import { forbiddenPage } from './forbidden-page';
import { LINK_PARAM, verifyConversationLink } from '../../core/access/conversation-link';
import type { BodyRule, RoutePolicy, Source } from './policy';
import { conversationOfMessage, visibleConversation, visibleConversations, type Viewer } from '../../core/access/viewer';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;
const FORM_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data)$/i;

/** The line of the route that answers this request: the first matched route (in registration order) with one. */
function policyFor(c: Context, table: ReadonlyMap<string, RoutePolicy>): { policy: RoutePolicy; index: number } | undefined {
  const routes = matchedRoutes(c);
  for (let i = 0; i < routes.length; i++) {
    const r = routes[i]!;
    const policy = table.get(`${r.method} ${r.path}`);
    if (policy) return { policy, index: i };
  }
  return undefined;
}

function read(c: Context, source: Source, routeIndex: number): string | undefined {
  const name = source.slice(source.indexOf(':') + 1);
  if (source.startsWith('query:')) return c.req.query(name);
  const saved = c.req.routeIndex; // path parameters belong to the matched route, not to this middleware
  c.req.routeIndex = routeIndex;
  try { return c.req.param(name); } finally { c.req.routeIndex = saved; }
}

async function admit(c: Context<AuthedEnv>, d: CoreDeps, policy: RoutePolicy): Promise<Response | undefined> {
  const { who } = policy;
  if (who === 'demo' && d.config.mode !== 'demo') throw new NotFoundError(`${c.req.method} ${c.req.path}`);
  const token = policy.link || who === 'link' ? c.req.query(LINK_PARAM) : undefined;
  if (token !== undefined) {
    const t = verifyConversationLink(d.config.sessionSecret, token, d.clock.now());
    if (!t.ok) throw new UnauthorizedError(t.reason === 'expired' ? 'this conversation link has expired' : 'this conversation link is not valid');
    c.set('viewer', { kind: 'link', conversationId: t.id });
    return undefined;
  }
  if (who === 'link') throw new UnauthorizedError('a conversation link is required');
  if (who === 'admin-page') return adminPage(c, d);
  if (who !== 'agent' && who !== 'admin') return undefined;
  const s = await authenticate(c, d);
  if (who === 'admin' && !s.isAdmin) throw new ForbiddenError('admin role required');
  c.set('userid', s.userid);
  c.set('isAdmin', s.isAdmin);
  const viewer: Viewer = s.isAdmin ? { kind: 'admin', userid: s.userid } : { kind: 'agent', userid: s.userid, teams: s.teams };
  c.set('viewer', viewer);
  return undefined;
}

/** The /admin page: sign in first (back to /admin/ and the page its #fragment names, see /auth/signin); a signed-in member who is not an admin gets a 403 page. */
async function adminPage(c: Context<AuthedEnv>, d: CoreDeps): Promise<Response | undefined> {
  const userid = await readSession(c, d);
  if (!userid) return c.redirect(`/auth/signin?next=${encodeURIComponent('/admin/')}`);
  const name = await d.shared.uow.read(async (q) => {
    if (await isAdmin(q, d, userid)) return undefined;
    const { agents: a } = q.t;
    return (await first(q.db.select({ name: a.name }).from(a).where(eq(a.userid, userid)).limit(1)))?.name ?? userid;
  });
  if (name === undefined) return undefined;
  c.header('cache-control', 'no-store');
  return c.html(forbiddenPage(name, c.get('secureHeadersNonce')), 403);
}

/** Cookie-authenticated state changes must come from our own pages; WeCom, customers' form links and the demo API carry no cookie. */
function checkOrigin(c: Context, d: CoreDeps, policy: RoutePolicy): void {
  if (SAFE.has(c.req.method) || policy.who === 'wecom' || policy.who === 'customer' || policy.who === 'demo') return;
  if (policy.who === 'anyone' && getCookie(c, SESSION_COOKIE) === undefined) return;
  if (!isSameOriginRequest(c, d.config.publicBaseUrl)) throw new ForbiddenError('cross-origin request refused: state changes must come from Moonshift\'s own pages');
}

async function readBody(c: Context, body: BodyRule | undefined): Promise<void> {
  if (SAFE.has(c.req.method)) return;
  if (!body) {
    if (hasBody(c)) throw new PayloadTooLargeError(0);
    return;
  }
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim();
  if (hasBody(c) && body.kind === 'json' && !JSON_TYPE.test(type)) throw new UnsupportedMediaTypeError('application/json');
  if (hasBody(c) && body.kind === 'form' && !FORM_TYPE.test(type)) throw new UnsupportedMediaTypeError('an HTML form (application/x-www-form-urlencoded)');
  // Over the limit: 413 at once; the Node adapter then discards (never keeps) the rest for ≤ 500 ms / 64 MiB and hangs up.
  await readBodyWithin(c, body.max);
}

async function checkScope(c: Context<AuthedEnv>, d: CoreDeps, policy: RoutePolicy, routeIndex: number): Promise<void> {
  const scope = policy.scope;
  if (!scope) return;
  const viewer = c.get('viewer');
  const { uow } = d.shared;
  if ('customer' in scope) {
    const externalUserid = read(c, scope.customer, routeIndex);
    c.set('conversations', externalUserid ? await uow.read((q) => visibleConversations(q, viewer, externalUserid)) : []);
  } else if ('conversation' in scope) {
    const id = Number(read(c, scope.conversation, routeIndex));
    if (Number.isSafeInteger(id) && id > 0 && !(await uow.read((q) => visibleConversation(q, viewer, id)))) throw new NotFoundError(`conversation ${id}`);
  } else {
    const msgid = read(c, scope.message, routeIndex);
    if (msgid && !(await uow.read((q) => conversationOfMessage(q, viewer, msgid)))) throw new NotFoundError(`message ${msgid}`);
  }
}

export function enforceRoutePolicies(d: CoreDeps, table: Readonly<Record<string, RoutePolicy>>): MiddlewareHandler<AuthedEnv> {
  const policies = new Map(Object.entries(table));
  return async function routePolicy(c, next) {
    const found = policyFor(c, policies);
    if (!found) throw new NotFoundError(`route ${c.req.method} ${c.req.path}`);
    const answered = await admit(c, d, found.policy);
    if (answered) return answered;
    checkOrigin(c, d, found.policy);
    await readBody(c, found.policy.body);
    await checkScope(c, d, found.policy, found.index);
    await next();
  };
}
