/**
 * @module The vocabulary of the route table: who may call a route, which customer, conversation or message
 * its IDs name (checked against what the caller may see), and what body it takes (kind and byte limit).
 * Constructors keep each table entry to one line.
 */
export const KiB = 1024;
export const MiB = 1024 * KiB;

export type Who =
  /** Anybody: health, static pages, sign-in, profile walls. */
  | 'anyone'
  /** WeCom's servers: the callback, authenticated by its signature inside the route. */
  | 'wecom'
  /** A customer holding a signed appointment-form link (`/f/<token>`, checked inside the route); no cookie. */
  | 'customer'
  /** Demo mode only (404 in live mode); no session. */
  | 'demo'
  /** A signed-in agent (or admin). */
  | 'agent'
  /** A signed-in admin. */
  | 'admin'
  /** The /admin page itself: no session → sign-in redirect; a member who is not an admin → a 403 page. */
  | 'admin-page'
  /** Only the holder of a conversation deep link (`?link=`). */
  | 'link';

/** Where a route names what it shows: a query parameter (`query:`) or a path parameter (`param:`). */
export type Source = `query:${string}` | `param:${string}`;

export type Scope =
  /** A customer's external_userid: the route sees only that customer's conversations visible to the caller. */
  | { customer: Source }
  /** A conversation id: 404 unless the caller may see it. */
  | { conversation: Source }
  /** A msgid: 404 unless the caller may see its conversation. */
  | { message: Source };

export type BodyKind = 'json' | 'form' | 'xml' | 'any';
export interface BodyRule { kind: BodyKind; max: number }

export interface RoutePolicy {
  who: Who;
  scope?: Scope;
  /** Also admit the holder of a conversation deep link instead of a session (read-only routes). */
  link?: true;
  /** Routes without `body` take none: a body is refused with 413 before anything reads it. */
  body?: BodyRule;
}

export const json = (max = 16 * KiB): BodyRule => ({ kind: 'json', max });
export const form = (max = 16 * KiB): BodyRule => ({ kind: 'form', max });
export const xml = (max: number): BodyRule => ({ kind: 'xml', max });
export const anyBody = (max: number): BodyRule => ({ kind: 'any', max });

const rule = (who: Who) => (opts: Omit<RoutePolicy, 'who'> | BodyRule = {}): RoutePolicy =>
  ('kind' in opts ? { who, body: opts } : { who, ...opts });

export const anyone = rule('anyone');
export const wecom = rule('wecom');
export const customer = rule('customer');
export const demo = rule('demo');
export const agent = rule('agent');
export const admin = rule('admin');
export const adminPage = rule('admin-page');
export const linkOnly = rule('link');
