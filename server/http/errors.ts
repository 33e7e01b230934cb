/**
 * @module One error shape for every route: `{ error: { code, message }, requestId }`. Domain errors map to
 * their status; anything unexpected is logged and answered as a 500 without internals.
 */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DomainError, ValidationError } from '../core/errors';
import type { Logger } from '../app/log';

/** The body of every non-2xx JSON answer (the web client reads it into its one `ApiError`). */
export interface ErrorBody {
  error: { code: string; message: string; issues?: { path: string; message: string }[] };
  requestId?: string | undefined;
}

export function errorBody(c: Context, code: string, message: string, extra?: Record<string, unknown>): ErrorBody {
  return { error: { code, message, ...extra }, requestId: c.get('requestId') as string | undefined };
}

export function errorHandler(log: Logger): ErrorHandler {
  return function onError(err, c) {
    if (err instanceof DomainError) {
      const extra = err instanceof ValidationError && err.issues.length > 0 ? { issues: err.issues } : undefined;
      if (err.status >= 500) log.warn({ requestId: c.get('requestId'), code: err.code, err: err.message }, 'request failed');
      return c.json(errorBody(c, err.code, err.message, extra), err.status);
    }
    if (err instanceof HTTPException) {
      return c.json(errorBody(c, 'http_error', err.message || 'request failed'), err.status as ContentfulStatusCode);
    }
    log.error({ requestId: c.get('requestId'), err }, 'unhandled error');
    return c.json(errorBody(c, 'internal', 'internal error'), 500);
  };
}

export const notFound: NotFoundHandler = (c) => c.json(errorBody(c, 'not_found', `no route for ${c.req.method} ${c.req.path}`), 404);

/** zValidator hook: turns zod failures into a ValidationError with paths (mapped by errorHandler). */
export function validationHook(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): void {
  if (!result.success) {
    const issues = (result.error?.issues ?? []).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    throw new ValidationError(issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ') || 'invalid input', issues);
  }
}
