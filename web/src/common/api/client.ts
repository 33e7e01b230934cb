/**
 * @module The one way web code talks to the server: Hono's typed client `hc<AppType>` (request and response
 * types come from the server's own routes) and `call()`, which turns an answer into its typed 2xx body or
 * throws the one `ApiError`. Stores call the per-surface modules built on this; components never call `fetch`.
 */
import { hc, type ClientResponse } from 'hono/client';
import type { SuccessStatusCode } from 'hono/utils/http-status';
import type { JSONParsed } from 'hono/utils/types';
import type { AppType, DemoApiType, ErrorBody } from '../../../../server/app/index';

/** Every server route, typed: `server.api.sidebar.me.status.$get()`. */
export const server = hc<AppType>('/');
/** The demo-mode API under `/demo/api` (mounted by the process entry only when the simulator runs). */
export const demoServer = hc<DemoApiType>('/');

/** The JSON body of a route's 2xx answers (204 and other body-less answers: `undefined`). */
type JsonOk<R> = R extends ClientResponse<infer T, infer S, infer F> ? (S extends SuccessStatusCode ? (F extends 'json' ? T : never) : never) : never;
export type Ok<R> = [JsonOk<R>] extends [never] ? undefined : JsonOk<R>;
/** The 2xx body type of a client endpoint: `OkOf<typeof server.api.sidebar.duty.$get>`. */
export type OkOf<F extends (...args: never[]) => Promise<ClientResponse<unknown, number, string>>> = Ok<Awaited<ReturnType<F>>>;

/**
 * Hono types a JSON answer as `JSONParsed<T>`, which stops at a recursive type (a condition tree, a JSON Schema)
 * and calls it `JSONValue` from there on. `revive<T>(v)` gives back the type the server declared, and the compiler
 * checks that `v` is exactly the JSON of a `T` (a changed server type fails here).
 */
export const revive = <T>(value: JSONParsed<T>): T => value as T;

/** A path parameter as it must appear in the URL: `hc` puts `param` values into the path verbatim. */
export const seg = (value: string): string => encodeURIComponent(value);

export type Issue = NonNullable<ErrorBody['error']['issues']>[number];

/** A non-2xx answer (`{ error: { code, message, issues? }, requestId }`), or a network failure (`status` 0). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly issues: Issue[] = [],
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Awaits a typed request: its 2xx JSON body, or `ApiError`. */
export async function call<R extends ClientResponse<unknown, number, string>>(request: Promise<R>): Promise<Ok<R>> {
  let res: R;
  try {
    res = await request;
  } catch (err) {
    throw new ApiError(messageOf(err), 0, 'network');
  }
  const text = await res.text().catch(() => '');
  let data: unknown;
  try { data = text === '' ? undefined : JSON.parse(text); } catch { data = undefined; }
  if (!res.ok) {
    const e = (data as Partial<ErrorBody> | undefined) ?? {};
    throw new ApiError(e.error?.message ?? `${res.status} ${res.statusText}`, res.status, e.error?.code ?? 'http', e.error?.issues ?? [], e.requestId);
  }
  return data as Ok<R>;
}

/** Message of anything thrown (an `ApiError` carries the server's message). */
export const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));
