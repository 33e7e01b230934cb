/**
 * @module Serves the Vite build (`dist/web`): hashed assets and one HTML entry per surface. A missing
 * build answers 503 with the command to run, not a blank page. The static handlers are made on first use once
 * the build exists (hono's serveStatic warns at creation about a missing root: a server without a build — the
 * API-only tests, the benchmarks — must not print that on every start).
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { errorBody } from '../errors';
import { firstDataBlock, type FirstData } from './sidebar-first-data';

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

/** Per surface path: the first answers to inline into its HTML (`undefined`: nothing to ask, serve the file as built). */
export type FirstDataOf = (c: Context) => Promise<FirstData | undefined> | undefined;

/** The built HTML file's text, read again only when the file changed (a rebuild under a running server). */
function htmlReader(file: string) {
  let cached: { mtimeMs: number; text: string } | undefined;
  return () => {
    const { mtimeMs } = statSync(file);
    if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, text: readFileSync(file, 'utf8') };
    return cached.text;
  };
}

/**
 * The page with its first answers: everything before `</body>` at once (the browser starts on the scripts and
 * preloads in the head), then the answers' block — when they are there — and the rest.
 */
function streamed(page: string, answers: Promise<FirstData | undefined>): ReadableStream<Uint8Array> {
  const at = page.lastIndexOf('</body>');
  const [head, tail] = at < 0 ? [page, ''] : [page.slice(0, at), page.slice(at)];
  const bytes = new TextEncoder();
  return new ReadableStream({
    async start(out) {
      out.enqueue(bytes.encode(head));
      const data = await answers.catch(() => undefined);
      out.enqueue(bytes.encode(`${data ? firstDataBlock(data) : ''}${tail}`));
      out.close();
    },
  });
}

export function staticPages(webDist: string, firstData: Partial<Record<string, FirstDataOf>> = {}) {
  const root = relative(process.cwd(), resolve(webDist)) || '.';
  const app = new Hono()
    .use('/assets/*', async function immutableAssets(c, next) {
      await next();
      if (c.res.ok) c.header('cache-control', 'public, max-age=31536000, immutable');
    })
    .use('/assets/*', lazyServe(root));
  for (const [path, file] of Object.entries(PAGES)) {
    const serve = lazyServe(root, file);
    const inline = firstData[path];
    const html = htmlReader(join(root, file));
    app.get(path, async (c, next) => {
      if (!existsSync(join(root, file))) {
        return c.json(errorBody(c, 'not_built', 'the web pages are not built: run `npm run build`'), 503);
      }
      const answers = inline?.(c);
      if (answers) {
        // this answer may carry one person's data: never kept by a cache, and it differs by session
        c.header('cache-control', 'no-store');
        c.header('vary', 'cookie');
        c.header('content-type', 'text/html; charset=UTF-8');
        return c.body(streamed(html(), answers));
      }
      c.header('cache-control', 'no-cache');
      return (await serve(c, next)) ?? c.notFound();
    });
  }
  app.get('/', (c) => c.redirect('/demo'));
  return app;
}
