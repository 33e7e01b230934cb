/**
 * @module Serves the Vite build (`dist/web`): hashed assets and one HTML entry per surface. A missing
 * build answers 503 with the command to run, not a blank page. The static handlers are made on first use once
 * the build exists (hono's serveStatic warns at creation about a missing root: a server without a build — the
 * API-only tests, the benchmarks — must not print that on every start).
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { errorBody } from '../http/errors';

/** Surface path → HTML entry inside the build. Add a line per surface. */
const PAGES: Record<string, string> = {
  '/demo': 'demo/index.html',
  '/admin': 'admin/index.html',
  '/admin/': 'admin/index.html',
  '/sidebar': 'sidebar/index.html',
  '/sidebar/': 'sidebar/index.html',
};

/** serveStatic made when first needed; until the build exists, the request passes on (404). */
function lazyServe(root: string, path?: string): MiddlewareHandler {
  let serve: MiddlewareHandler | undefined;
  return async (c, next) => {
    if (!serve) {
      if (!existsSync(root)) return next();
      serve = serveStatic({ root, ...(path ? { path } : {}) });
    }
    return serve(c, next);
  };
}

export function staticPages(webDist: string) {
  const root = relative(process.cwd(), resolve(webDist)) || '.';
  const app = new Hono()
    .use('/assets/*', async function immutableAssets(c, next) {
      await next();
      if (c.res.ok) c.header('cache-control', 'public, max-age=31536000, immutable');
    })
    .use('/assets/*', lazyServe(root));
  for (const [path, file] of Object.entries(PAGES)) {
    const serve = lazyServe(root, file);
    app.get(path, async (c, next) => {
      if (!existsSync(join(root, file))) {
        return c.json(errorBody(c, 'not_built', 'the web pages are not built: run `npm run build`'), 503);
      }
      c.header('cache-control', 'no-cache');
      return (await serve(c, next)) ?? c.notFound();
    });
  }
  app.get('/', (c) => c.redirect('/demo'));
  return app;
}
