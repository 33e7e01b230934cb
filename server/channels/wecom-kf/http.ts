/**
 * @module The one place that talks HTTP to WeCom: access token per secret, one refresh-and-retry on a token
 * error, backoff retries on transient errors (both classes from the one errcode table, `channels/wecom-kf/errcodes.ts`) and
 * network errors, every errcode surfaced as a `WecomError`. Retries happen at one level only: a job's network step
 * calls through `once()` (tried once here), and the job is retried by its kind's policy.
 * Requests go over Node's own HTTP client with one keep-alive agent per process (connections to WeCom are
 * reused; the agent drops an idle connection before the server's advertised keep-alive timeout), which costs
 * a fraction of `fetch`'s CPU per call; a `fetch` given in the options is used instead.
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Clock } from '../../app/clock';
import { WecomError } from '../../core/errors';
import type { Logger } from '../../app/log';
import { createHash } from 'node:crypto';
import { MemoryTokenStore } from './memory-token-store';
import type { FetchedToken, TokenStore } from '../../core/ports/shared-state';
import { errorClass } from './errcodes';
import type { WecomResponse } from './types';

/** main: the self-built app; contact: 通讯录 (user/update); external: 客户联系 (活码); checkin: 打卡. */
export type SecretRole = 'main' | 'contact' | 'external' | 'checkin';

export interface WecomHttpOptions {
  apiBase: string;
  corpId: string;
  /** A role without a secret (the contacts secret is optional) fails its calls with 41004, WeCom's "corpsecret missing". */
  secrets: Record<Exclude<SecretRole, 'contact'>, string> & { contact?: string | undefined };
  clock: Clock;
  log: Logger;
  /** Attempts for retryable failures (-1, 45009, 45033, network), including the first. Default 4 (`once()`: 1). */
  attempts?: number;
  /** First backoff delay; doubles each retry. Default 250 ms. */
  backoffMs?: number;
  timeoutMs?: number;
  /** Replaces the built-in keep-alive transport (tests, proxies). */
  fetch?: typeof fetch;
  /** Where access tokens are kept (the server: the database's store, shared by its instances); default: this process. */
  tokens?: TokenStore;
}

export interface CallOptions {
  method?: 'GET' | 'POST';
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  secret?: SecretRole;
}

const NETWORK = -1;

/** One secret's access token in the store: read (fetched when missing) and dropped when WeCom rejects it. */
interface TokenHandle { get(): Promise<string>; invalidate(value: string): Promise<void> }

interface RawResponse { status: number; text: string }
type Transport = (url: URL, method: 'GET' | 'POST', body: string | undefined, timeoutMs: number) => Promise<RawResponse>;

/** One pool per process: at most this many connections to one host at once, the rest wait their turn. */
const MAX_SOCKETS = 128;
const agents = {
  http: new HttpAgent({ keepAlive: true, maxSockets: MAX_SOCKETS, scheduling: 'lifo' }),
  https: new HttpsAgent({ keepAlive: true, maxSockets: MAX_SOCKETS, scheduling: 'lifo' }),
};

/** Node's HTTP client on the keep-alive agents; the whole request (queueing included) within `timeoutMs`. */
const nodeTransport: Transport = (url, method, body, timeoutMs) => new Promise((resolve, reject) => {
  const tls = url.protocol === 'https:';
  const headers = body === undefined ? undefined : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
  const req = (tls ? httpsRequest : httpRequest)(url, { method, headers, agent: tls ? agents.https : agents.http }, (res) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => { clearTimeout(timer); resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }); });
    res.on('error', (err) => { clearTimeout(timer); reject(err); });
  });
  const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  timer.unref();
  req.on('error', (err) => { clearTimeout(timer); reject(err); });
  req.end(body);
});

/** A `fetch` as a transport (when one is injected). */
const fetchTransport = (f: typeof fetch): Transport => async (url, method, body, timeoutMs) => {
  const res = await f(url, {
    method, headers: body === undefined ? undefined : { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: res.status, text: await res.text() };
};

export class WecomHttp {
  private readonly transport: Transport;
  private readonly tokens: TokenStore;
  /** Attempts for a transient failure at this level. */
  private readonly attempts: number;
  private readonly tokenByRole = new Map<SecretRole, TokenHandle>();

  constructor(private readonly o: WecomHttpOptions) {
    this.transport = o.fetch ? fetchTransport(o.fetch) : nodeTransport;
    this.tokens = o.tokens ?? new MemoryTokenStore(o.clock);
    this.attempts = o.attempts ?? 4;
  }

  /**
   * The same client (transport, token store) trying each call once: for a job's network step, whose kind's retry
   * policy retries the job (no backoff nested inside an attempt). A token refresh on a token error still happens.
   */
  once(): WecomHttp {
    return this.attempts === 1 ? this : new WecomHttp({ ...this.o, tokens: this.tokens, attempts: 1 });
  }

  /** Calls `/cgi-bin/<api>` with an access token and returns the parsed body (errcode 0), or throws WecomError. */
  async call<T extends WecomResponse>(api: string, opts: CallOptions = {}): Promise<T> {
    const cache = this.tokenOf(opts.secret ?? 'main');
    let tokenRetried = false;
    const attempts = this.attempts;
    for (let attempt = 1; ; attempt++) {
      const token = await cache.get();
      try {
        return await this.request<T>(api, { ...opts, query: { ...opts.query, access_token: token } });
      } catch (err) {
        if (!(err instanceof WecomError)) throw err;
        if (errorClass(err.errcode) === 'token' && !tokenRetried) {
          tokenRetried = true;
          await cache.invalidate(token);
          this.o.log.warn({ api, errcode: err.errcode }, 'wecom token rejected; refreshing once');
          attempt--;
          continue;
        }
        if (errorClass(err.errcode) !== 'transient' || attempt >= attempts) throw err;
        const delay = (this.o.backoffMs ?? 250) * 2 ** (attempt - 1);
        this.o.log.warn({ api, errcode: err.errcode, attempt, delay }, 'wecom call failed; retrying');
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  /** The access token of one secret (fetched if needed): the setup check's "does this secret work". */
  token(role: SecretRole): Promise<string> {
    return this.tokenOf(role).get();
  }

  /** A credential other than an access token (a JS-SDK ticket), named `<corp>:<name>` in the same store. */
  credential(name: string, fetch: () => Promise<FetchedToken>): Promise<string> {
    return this.tokens.get(`${this.o.corpId}:${name}`, fetch);
  }

  /**
   * The token of one secret in the store, named `<corp>:token:<hash of the secret>` — one token per secret (roles
   * sharing a secret share it), the same name on every instance, and never the secret itself.
   */
  private tokenOf(role: SecretRole): TokenHandle {
    let t = this.tokenByRole.get(role);
    if (!t) {
      const secret = this.o.secrets[role];
      if (secret === undefined) throw new WecomError(41004, `no ${role} secret configured (WECOM_CONTACT_SECRET)`, 'gettoken');
      const name = `${this.o.corpId}:token:${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
      t = { get: () => this.tokens.get(name, () => this.fetchToken(secret)), invalidate: (value) => this.tokens.invalidate(name, value) };
      this.tokenByRole.set(role, t); // the name is a hash of the secret: made once per role, not per call
    }
    return t;
  }

  private async fetchToken(secret: string): Promise<FetchedToken> {
    const attempts = this.attempts;
    for (let attempt = 1; ; attempt++) {
      try {
        const r = await this.request<WecomResponse & { access_token: string; expires_in: number }>('gettoken', {
          method: 'GET', query: { corpid: this.o.corpId, corpsecret: secret },
        });
        return { value: r.access_token, expiresInMs: r.expires_in * 1000 };
      } catch (err) {
        if (!(err instanceof WecomError) || errorClass(err.errcode) !== 'transient' || attempt >= attempts) throw err;
        await new Promise((r) => setTimeout(r, (this.o.backoffMs ?? 250) * 2 ** (attempt - 1)));
      }
    }
  }

  private async request<T extends WecomResponse>(api: string, opts: CallOptions): Promise<T> {
    const url = new URL(`/cgi-bin/${api}`, this.o.apiBase);
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const method = opts.method ?? (opts.body === undefined ? 'GET' : 'POST');
    let res: RawResponse;
    try {
      res = await this.transport(url, method, method === 'POST' ? JSON.stringify(opts.body ?? {}) : undefined, this.o.timeoutMs ?? 10_000);
    } catch (err) {
      throw new WecomError(NETWORK, `network: ${err instanceof Error ? err.message : String(err)}`, api);
    }
    const ok = res.status >= 200 && res.status < 300;
    let body: unknown;
    try {
      body = JSON.parse(res.text);
    } catch {
      throw new WecomError(NETWORK, `HTTP ${res.status} with a body that is not JSON`, api);
    }
    const errcode = (body as WecomResponse | null)?.errcode ?? (ok ? 0 : NETWORK);
    if (errcode !== 0) throw new WecomError(errcode, (body as WecomResponse | null)?.errmsg ?? `HTTP ${res.status}`, api);
    return body as T;
  }
}
