/** @module Access log middleware: one structured line per request (path without query; no bodies, no cookies). */
import type { Context, MiddlewareHandler } from 'hono';
import type { Logger } from '../app/log';

/** `quiet(c)`: requests recorded elsewhere (e.g. acknowledged WeCom callbacks, each a callback_events row). */
export function accessLog(log: Logger, quiet: (c: Context) => boolean = () => false): MiddlewareHandler {
  return async function accessLogMiddleware(c, next) {
    const started = performance.now();
    await next();
    if (c.res.status < 400 && quiet(c)) return;
    const ms = Math.round((performance.now() - started) * 10) / 10;
    log.info({ requestId: c.get('requestId'), method: c.req.method, path: c.req.path, status: c.res.status, ms }, 'http');
  };
}
