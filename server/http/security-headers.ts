/**
 * @module Security headers on every response, one policy per surface, all through Hono's `secureHeaders`:
 * - customer pages `/f/`, `/w/` and the admin's sign-in step `/auth/signin` (server-rendered): nothing but their own nonce'd inline style and script,
 *   images from this site or https (WeCom's QR codes), forms posting back here; never framed.
 * - the admin and demo pages (Vite builds): scripts and stylesheets from this site only (the 403 page's inline
 *   style by nonce); inline style *attributes* allowed (Vue/Vant set them; they cannot run code); never framed.
 * - the sidebar: the same, but no framing policy — it opens in the WeCom client's webview and WeCom documents
 *   no framing origin for its chat toolbar (doc 91789, 96949), so none is set rather than a guessed one.
 * - everything else (APIs, callback, sign-in redirects, assets): `default-src 'none'`, never framed, and only
 *   the headers that mean something for a response that is not a page (no COOP, Origin-Agent-Cluster or the
 *   legacy IE/Flash ones) — the callback answers WeCom thousands of times a minute.
 * Everywhere: nosniff, `Referrer-Policy: no-referrer` (tokens live in some URLs), and HSTS when
 * PUBLIC_BASE_URL is https.
 */
import type { MiddlewareHandler } from 'hono';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import type { Config } from '../app/env';

type Surface = 'customer' | 'admin' | 'sidebar' | 'demo' | 'api';

export function surfaceOf(path: string): Surface {
  // the admin's sign-in step (/auth/signin) is a server-rendered page with one nonce'd script, like the customers'
  if (path.startsWith('/f/') || path.startsWith('/w/') || path === '/auth/signin') return 'customer';
  if (path === '/admin' || path === '/admin/') return 'admin';
  if (path === '/sidebar' || path === '/sidebar/') return 'sidebar';
  if (path === '/demo' || path === '/demo/') return 'demo';
  return 'api';
}

export function securityHeaders(config: Pick<Config, 'publicBaseUrl'>): MiddlewareHandler {
  const common = {
    strictTransportSecurity: config.publicBaseUrl?.startsWith('https://') ? 'max-age=31536000; includeSubDomains' : false,
    referrerPolicy: 'no-referrer',
    xContentTypeOptions: true,
  } as const;
  const webApp = (framable: boolean) => secureHeaders({
    ...common,
    xFrameOptions: framable ? false : 'DENY',
    contentSecurityPolicy: {
      defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", NONCE], styleSrcAttr: ["'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'https:'], connectSrc: ["'self'"], objectSrc: ["'none'"], baseUri: ["'none'"], formAction: ["'self'"],
      ...(framable ? {} : { frameAncestors: ["'none'"] }),
    },
  });
  const bySurface: Record<Surface, MiddlewareHandler> = {
    customer: secureHeaders({
      ...common,
      xFrameOptions: 'DENY',
      contentSecurityPolicy: {
        defaultSrc: ["'none'"], styleSrc: [NONCE], scriptSrc: [NONCE], imgSrc: ["'self'", 'data:', 'https:'],
        formAction: ["'self'"], baseUri: ["'none'"], frameAncestors: ["'none'"],
      },
    }),
    admin: webApp(false),
    demo: webApp(false),
    sidebar: webApp(true),
    api: secureHeaders({
      ...common,
      xFrameOptions: 'DENY',
      crossOriginOpenerPolicy: false, originAgentCluster: false, xDnsPrefetchControl: false, xDownloadOptions: false,
      xPermittedCrossDomainPolicies: false, xXssProtection: false,
      contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    }),
  };
  return function securityHeadersPerSurface(c, next) {
    return bySurface[surfaceOf(c.req.path)](c, next);
  };
}
