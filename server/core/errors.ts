/**
 * @module Typed domain errors. Services throw these; `onError` in app/index.ts maps each to its HTTP status and
 * the one error shape `{ error: { code, message }, requestId }`.
 */
export class DomainError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 502 | 503,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, readonly issues: { path: string; message: string }[] = []) {
    super(400, 'invalid_input', message);
  }
}
export class UnauthorizedError extends DomainError {
  constructor(message = 'authentication required') { super(401, 'unauthorized', message); }
}
export class ForbiddenError extends DomainError {
  constructor(message = 'not allowed') { super(403, 'forbidden', message); }
}
export class NotFoundError extends DomainError {
  constructor(what: string) { super(404, 'not_found', `${what} not found`); }
}
export class ConflictError extends DomainError {
  constructor(message: string) { super(409, 'conflict', message); }
}
export class PayloadTooLargeError extends DomainError {
  constructor(limit: number) { super(413, 'payload_too_large', `body exceeds ${limit} bytes`); }
}
export class UnsupportedMediaTypeError extends DomainError {
  constructor(expected: string) { super(415, 'unsupported_media_type', `send the body as ${expected}`); }
}
export class RateLimitedError extends DomainError {
  constructor(message = 'too many requests') { super(429, 'rate_limited', message); }
}

/** A WeCom API call answered with errcode ≠ 0 (or failed on the network: errcode -1). */
export class WecomError extends DomainError {
  constructor(readonly errcode: number, readonly errmsg: string, readonly api: string) {
    super(502, 'wecom_error', `WeCom ${api} failed: ${errcode} ${errmsg}`);
  }
}
