/**
 * @module The callback emitter: for every `kf_msg_or_event` it mints a sync token (10 min), encrypts the
 * inner XML with @wecom/crypto, and POSTs `<xml><ToUserName/><AgentID/><Encrypt/></xml>` with
 * msg_signature/timestamp/nonce to the configured URL — per-attempt timeout, up to N attempts on
 * timeout, network error or non-200, each attempt recorded. Also the GET echostr handshake check.
 */
import { randomBytes } from 'node:crypto';
import { encrypt, getSignature } from '@wecom/crypto';
import type { SimContext } from './context';
import { WECOM_LIMITS } from './options';
import { setMaxListeners } from 'node:events';

/** One abort for every delivery in flight (each adds a listener): many in flight is normal under load. */
function stopper(): AbortController {
  const c = new AbortController();
  setMaxListeners(0, c.signal);
  return c;
}

function cdata(v: string): string {
  return `<![CDATA[${v.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

export function kfEventXml(corpId: string, createTime: number, token: string, openKfId: string): string {
  return `<xml><ToUserName>${cdata(corpId)}</ToUserName><CreateTime>${createTime}</CreateTime>`
    + `<MsgType>${cdata('event')}</MsgType><Event>${cdata('kf_msg_or_event')}</Event>`
    + `<Token>${cdata(token)}</Token><OpenKfId>${cdata(openKfId)}</OpenKfId></xml>`;
}

export interface VerifyResult { ok: boolean; status: number | null; body: string; expected: string; error?: string }

export class CallbackEmitter {
  private readonly pending = new Set<Promise<void>>();
  private nextDeliveryId = 0;
  /** Round-robin position over `callback.urls`. */
  private nextTarget = 0;
  private stopping = stopper();

  constructor(private readonly ctx: Omit<SimContext, 'callbacks'>) {}

  private signed(plain: string): { query: string; encrypted: string } {
    const { token, encodingAESKey } = this.ctx.opts.callback;
    const encrypted = encrypt(encodingAESKey, plain, this.ctx.opts.corpId);
    const timestamp = String(this.ctx.nowSec());
    const nonce = randomBytes(8).toString('hex');
    const signature = getSignature(token, timestamp, nonce, encrypted);
    const q = new URLSearchParams({ msg_signature: signature, timestamp, nonce });
    return { query: q.toString(), encrypted };
  }

  /** Tell the server "pull now" for this kf account (fire and forget; see `idle`). */
  notify(open_kfid: string): void {
    const { state } = this.ctx;
    const token = this.ctx.secret('ENC', 27);
    state.msgTokens.set(token, { open_kfid, expiresAt: this.ctx.now() + WECOM_LIMITS.msgTokenTtlMs });
    if (!this.ctx.opts.callback.urls && !this.ctx.opts.callback.url) return;
    if (this.ctx.faults.takeDropCallback()) {
      state.deliveries.push({ id: ++this.nextDeliveryId, open_kfid, attempt: 0, status: null, latencyMs: 0, at: this.ctx.now(), dropped: true });
      return;
    }
    const inner = kfEventXml(this.ctx.opts.corpId, this.ctx.nowSec(), token, open_kfid);
    const p = this.deliver(open_kfid, inner).finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  /** Where the next delivery attempt goes: `callback.url`, or the next of `callback.urls` (a load balancer's round robin). */
  private target(): string | undefined {
    const { urls, url } = this.ctx.opts.callback;
    if (!urls) return url;
    return urls[this.nextTarget++ % urls.length];
  }

  private async deliver(open_kfid: string, inner: string): Promise<void> {
    const { attempts, timeoutMs } = this.ctx.opts.callback;
    const id = ++this.nextDeliveryId;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const url = this.target();
      if (!url) return;
      const { query, encrypted } = this.signed(inner);
      const body = `<xml><ToUserName>${cdata(this.ctx.opts.corpId)}</ToUserName><AgentID>${cdata('')}</AgentID>`
        + `<Encrypt>${cdata(encrypted)}</Encrypt></xml>`;
      const started = performance.now();
      let status: number | null = null;
      let error: string | undefined;
      try {
        const res = await fetch(`${url}${url.includes('?') ? '&' : '?'}${query}`, {
          method: 'POST', body, headers: { 'content-type': 'text/xml' },
          signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), this.stopping.signal]),
        });
        status = res.status;
        await res.arrayBuffer().catch(() => undefined);
      } catch (e) {
        error = this.stopping.signal.aborted ? 'simulator closed'
          : e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError') ? 'timeout' : String(e instanceof Error ? e.message : e);
      }
      const latencyMs = Math.round(performance.now() - started);
      this.ctx.state.deliveries.push({ id, open_kfid, attempt, status, ...(error ? { error } : {}), latencyMs, at: this.ctx.now(), dropped: false });
      if (status === 200 || this.stopping.signal.aborted) return;
      if (attempt < attempts) await this.pause(this.ctx.opts.unknowns.callbackRetryIntervalMs);
    }
  }

  private pause(ms: number): Promise<void> {
    const signal = this.stopping.signal;
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** Abort deliveries in flight and skip their retries (used when the simulator closes). */
  async shutdown(): Promise<void> {
    this.stopping.abort();
    await this.idle();
    this.stopping = stopper();
  }

  /** Callbacks in flight (including retries). */
  get inFlight(): number { return this.pending.size; }

  /** Resolves when every callback in flight (including retries) has finished. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** The GET URL-verification handshake: send an encrypted echostr, expect the plain text back. */
  async verify(url = this.ctx.opts.callback.url): Promise<VerifyResult> {
    const expected = randomBytes(9).toString('base64url');
    if (!url) return { ok: false, status: null, body: '', expected, error: 'no callback url configured' };
    const { query, encrypted } = this.signed(expected);
    const q = `${query}&echostr=${encodeURIComponent(encrypted)}`;
    try {
      const res = await fetch(`${url}${url.includes('?') ? '&' : '?'}${q}`, { signal: AbortSignal.timeout(WECOM_LIMITS.urlVerifyTimeoutMs) });
      const body = await res.text();
      return { ok: res.status === 200 && body === expected, status: res.status, body, expected };
    } catch (e) {
      return { ok: false, status: null, body: '', expected, error: e instanceof Error ? e.message : String(e) };
    }
  }
}
