/**
 * @module Serves the Vite build (`dist/web`): hashed assets and one HTML entry per surface. A missing
 * build answers 503 with the command to run, not a blank page.
 */
import { Hono } from 'hono';
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

export function staticPages(webDist: string) {
  const root = relative(process.cwd(), resolve(webDist)) || '.';
  const app = new Hono()
    .use('/assets/*', async function immutableAssets(c, next) {
      await next();
      if (c.res.ok) c.header('cache-control', 'public, max-age=31536000, immutable');
    })
    .use('/assets/*', serveStatic({ root }));
  for (const [path, file] of Object.entries(PAGES)) {
    const serve = serveStatic({ root, path: file });
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
