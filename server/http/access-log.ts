/** @module Access log middleware: one structured line per request (path without query; no bodies, no cookies). */
import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../log';

export function accessLog(log: Logger): MiddlewareHandler {
  return async function accessLogMiddleware(c, next) {
    const started = performance.now();
    await next();
    const ms = Math.round((performance.now() - started) * 10) / 10;
    log.info({ requestId: c.get('requestId'), method: c.req.method, path: c.req.path, status: c.res.status, ms }, 'http');
  };
}
