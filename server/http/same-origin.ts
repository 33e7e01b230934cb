/**
 * @module CSRF: a state-changing request made with the session cookie must come from our own pages — its
 * `Origin` is this site (the request's own origin, or PUBLIC_BASE_URL's behind a proxy), or the browser says
 * `Sec-Fetch-Site: same-origin`. SameSite=Lax alone lets top-level cross-site form posts and bodyless
 * requests through; every browser that sends cookies sends one of these two headers on such requests.
 */
import type { Context } from 'hono';

export function isSameOriginRequest(c: Context, publicBaseUrl: string | undefined): boolean {
  if (c.req.header('sec-fetch-site') === 'same-origin') return true;
  const origin = c.req.header('origin');
  if (!origin || origin === 'null') return false;
  if (origin === new URL(c.req.url).origin) return true;
  return publicBaseUrl !== undefined && origin === new URL(publicBaseUrl).origin;
}
