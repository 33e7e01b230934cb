/**
 * @module A small typed client for the simulator's `/sim/` control API (plain fetch), used by tests and
 * the demo server. Non-2xx answers throw `SimControlError` with the `/sim/` error code and message.
 */
import type * as S from './control-schemas';
import type { SimControl } from './control';
import type { VerifyResult } from './callbacks';
import type { InboxItem } from './state';
import type { SimSnapshot } from './snapshot';

type Result<K extends keyof SimControl> = Awaited<ReturnType<SimControl[K]>>;

export class SimControlError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(`${status} ${code}: ${message}`);
  }
}

export class SimControlClient {
  private readonly base: string;

  /** `baseUrl` is the simulator root, e.g. `http://127.0.0.1:8788`. */
  constructor(baseUrl: string, private readonly fetchImpl: typeof fetch = fetch) {
    this.base = baseUrl.replace(/\/+$/, '');
  }

  private async call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const res = await this.fetchImpl(`${this.base}/sim${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    const data = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string } };
    if (!res.ok) throw new SimControlError(res.status, data.error?.code ?? 'http_error', data.error?.message ?? res.statusText);
    return data as T;
  }

  /** The customer writes (text, menu click, media, location, link); fires a callback. */
  customerSend(input: S.CustomerSendInput): Promise<Result<'customerSend'>> {
    return this.call('POST', '/customer/send', input);
  }
  /** The customer opens the chat (enter_session, with welcome_code when eligible). */
  customerEnter(input: S.CustomerEnterInput): Promise<Result<'customerEnter'>> {
    return this.call('POST', '/customer/enter', input);
  }
  /** Everything the customer received, in order. */
  async inbox(input: S.InboxQueryInput): Promise<InboxItem[]> {
    const q = new URLSearchParams({ external_userid: input.external_userid, ...(input.open_kfid ? { open_kfid: input.open_kfid } : {}) });
    return (await this.call<{ items: InboxItem[] }>('GET', `/customer/inbox?${q.toString()}`)).items;
  }
  /** Resolves once the customer's inbox holds more than `after` items (`arrived`), or after `timeout_ms` (default 10 s). */
  waitInbox(input: S.InboxWaitInput): Promise<{ arrived: boolean; count: number }> {
    return this.call('POST', '/customer/inbox/wait', input);
  }
  /** Every customer's inbox at once, flattened. */
  async allInboxes(): Promise<InboxItem[]> {
    return (await this.call<{ items: InboxItem[] }>('GET', '/customer/inboxes')).items;
  }
  /** The customer recalls a message (user_recall_msg event). */
  customerRecall(input: S.CustomerRecallInput): Promise<Result<'customerRecall'>> {
    return this.call('POST', '/customer/recall', input);
  }
  /** An agent recalls a message sent from the WeCom client (servicer_recall_msg event). */
  agentRecall(input: S.AgentRecallInput): Promise<Result<'agentRecall'>> {
    return this.call('POST', '/agent/recall', input);
  }
  /** An agent types in the WeCom client (origin 5). */
  agentReply(input: S.AgentReplyInput): Promise<Result<'agentReply'>> {
    return this.call('POST', '/agent/reply', input);
  }
  /** An agent takes from the pool, transfers, ends or re-opens a session (session_status_change). */
  agentSession(input: S.AgentSessionInput): Promise<Result<'agentSession'>> {
    return this.call('POST', '/agent/session', input);
  }
  setServicerStatus(input: S.ServicerStatusInput): Promise<Result<'setServicerStatus'>> {
    return this.call('POST', '/servicer/status', input);
  }
  recordCheckin(input: S.CheckinRecordInput): Promise<Result<'recordCheckin'>> {
    return this.call('POST', '/checkin', input);
  }
  mintOauthCode(input: S.OauthCodeInput): Promise<Result<'mintOauthCode'>> {
    return this.call('POST', '/oauth/code', input);
  }
  scanContactWay(input: S.ContactWayScanInput): Promise<Result<'scanContactWay'>> {
    return this.call('POST', '/contact-way/scan', input);
  }
  setFaults(input: S.FaultsInputType): Promise<Result<'setFaults'>> {
    return this.call('POST', '/faults', input);
  }
  clearFaults(): Promise<{ ok: true }> {
    return this.call('DELETE', '/faults');
  }
  setClock(input: S.ClockInputType): Promise<Result<'setClock'>> {
    return this.call('POST', '/clock', input);
  }
  setCallback(input: S.CallbackConfigInput): Promise<Result<'setCallback'>> {
    return this.call('POST', '/callback', input);
  }
  setApiMode(input: S.AccountModeInput): Promise<Result<'setApiMode'>> {
    return this.call('POST', '/account/mode', input);
  }
  setAccountSettings(input: S.AccountSettingsInput): Promise<Result<'setAccountSettings'>> {
    return this.call('POST', '/account/settings', input);
  }
  setCorp(input: S.CorpInputType): Promise<Result<'setCorp'>> {
    return this.call('POST', '/corp', input);
  }
  setMember(input: S.MemberInputType): Promise<Result<'setMember'>> {
    return this.call('POST', '/member', input);
  }
  verifyCallback(url?: string): Promise<VerifyResult> {
    return this.call('POST', '/verify-callback', url ? { url } : {});
  }
  /** Resolves when no callback delivery (or retry) is in flight. */
  waitCallbacks(): Promise<{ ok: true }> {
    return this.call('POST', '/callbacks/wait');
  }
  state(): Promise<SimSnapshot> {
    return this.call('GET', '/state');
  }
  reset(): Promise<{ ok: true }> {
    return this.call('POST', '/reset');
  }
}
