/**
 * @module The whole app as `npm start` mounts it in demo mode (the demo API included), rebuilt from a running
 * product's parts, and the route-table check the suite runs on it: which `METHOD path` of `app.routes` has
 * no line in the table.
 */
import type { Hono } from 'hono';
import { createApp } from '../../../server/app/index';
import { demoRoutes } from '../../../server/http/routes/demo';
import { SimControlClient } from '../../../server/wecom-sim/control-client';
import { MIDDLEWARE_MOUNTS, ROUTE_POLICIES } from '../../../server/http/access/route-table';
import type { TestProduct } from '../../support/product';
import type { Config } from '../../../server/app/env';

export function fullApp(p: TestProduct, opts: { extra?: { path: string; app: Hono }[]; config?: Partial<Config> } = {}) {
  const deps = { ...p.deps, config: { ...p.deps.config, ...opts.config } };
  return createApp({
    ...deps, inbound: p.inbound, learning: p.learning, outbox: p.outbox, profileSync: p.profileSync,
    extraRoutes: [{ path: '/demo/api', app: demoRoutes(deps, new SimControlClient(p.simUrl!), p.travel!) }, ...(opts.extra ?? [])],
  });
}

/** Every distinct `METHOD path` the app registers. */
export const routeKeys = (app: { routes: { method: string; path: string }[] }) => [...new Set(app.routes.map((r) => `${r.method} ${r.path}`))];

/** Routes of the app that have no line in the authorisation table (and are not middleware-only mounts). */
export function unlistedRoutes(app: { routes: { method: string; path: string }[] }): string[] {
  return routeKeys(app).filter((k) => !(k in ROUTE_POLICIES) && !MIDDLEWARE_MOUNTS.includes(k));
}

/** A concrete request path for a route pattern (`:id` → 1, other params → x, `*` → x). */
export const concretePath = (pattern: string) =>
  pattern.replace(/:(\w+)(\{[^}]*\})?/g, (_m, name: string) => (/id$/i.test(name) || name === 'year' ? (name === 'year' ? '2026' : '1') : 'x')).replace(/\*/g, 'x');
