/**
 * @module Typed WeCom API client: one method per endpoint Moonshift uses (WECOM.md §1, §3, §4). All calls go
 * through `WecomHttp` (tokens, retries, typed errors). Secrets never leave this layer.
 */
import { WecomHttp, type SecretRole, type WecomHttpOptions } from './http';
import type {
  AppMessageResponse, CheckinRecord, ContactWay, ContactWayRequest, ContactWayUpdate, KfAccountInfo, KfCustomer,
  SendMsgOnEventRequest, SendMsgRequest, ServiceStateGetResponse, ServiceStateTransRequest, ServicerInfo,
  SyncMsgRequest, SyncMsgResponse, TextCard, UserUpdateRequest, WecomResponse,
} from './types';

type R<T> = WecomResponse & T;

export interface WecomClientOptions extends WecomHttpOptions {
  agentId: number;
}

/**
 * The client, and as `once` the same client trying each call once (a job's network step: the job's retry policy
 * retries the job, see `WecomHttp.once`).
 */
export function createWecomClient(o: WecomClientOptions): WecomClient {
  const http = new WecomHttp(o);
  const single: WecomClient = { ...apiOver(http.once(), o), get once() { return single; } };
  return { ...apiOver(http, o), once: single };
}

function apiOver(http: WecomHttp, o: WecomClientOptions) {
  const post = <T extends WecomResponse>(api: string, body: unknown, secret?: SecretRole) =>
    http.call<T>(api, { method: 'POST', body, secret });
  const get = <T extends WecomResponse>(api: string, query: Record<string, string | number | undefined> = {}, secret?: SecretRole) =>
    http.call<T>(api, { method: 'GET', query, secret });
  type Ticket = R<{ ticket: string; expires_in: number }>;
  const getJsapiTicket = () => get<Ticket>('get_jsapi_ticket');
  const getAgentConfigTicket = () => get<Ticket>('ticket/get', { type: 'agent_config' });

  return {
    agentId: o.agentId,
    corpId: o.corpId,
    /** Fetches (or reuses) the access token of one secret; throws WecomError when WeCom refuses the secret. */
    checkToken: async (role: SecretRole) => { await http.token(role); },
    // §1 tickets and OAuth
    getJsapiTicket,
    getAgentConfigTicket,
    /**
     * The corp's JS-SDK ticket (wx.config) or the app's (wx.agentConfig), kept in the token store: fetched by one
     * caller at a time across instances and reused until near expiry (WeCom limits ticket calls per hour).
     */
    ticket: (kind: 'config' | 'agentConfig') => http.credential(kind === 'config' ? 'jsapi_ticket' : `agent_config_ticket:${o.agentId}`, async () => {
      const r = await (kind === 'config' ? getJsapiTicket() : getAgentConfigTicket());
      return { value: r.ticket, expiresInMs: r.expires_in * 1000 };
    }),
    getUserInfoByCode: (code: string) =>
      get<R<{ userid?: string; openid?: string; external_userid?: string }>>('auth/getuserinfo', { code }),

    // §3 微信客服
    listKfAccounts: (offset = 0, limit = 100) =>
      post<R<{ account_list: KfAccountInfo[] }>>('kf/account/list', { offset, limit }),
    addKfContactWay: (open_kfid: string, scene?: string) => post<R<{ url: string }>>('kf/add_contact_way', { open_kfid, scene }),
    addServicers: (open_kfid: string, userid_list: string[]) =>
      post<R<{ result_list: { userid: string; errcode: number; errmsg: string }[] }>>('kf/servicer/add', { open_kfid, userid_list }),
    delServicers: (open_kfid: string, userid_list: string[]) =>
      post<R<{ result_list: { userid: string; errcode: number; errmsg: string }[] }>>('kf/servicer/del', { open_kfid, userid_list }),
    listServicers: (open_kfid: string) => get<R<{ servicer_list: ServicerInfo[] }>>('kf/servicer/list', { open_kfid }),
    batchgetCustomers: (external_userid_list: string[], need_enter_session_context = 0) =>
      post<R<{ customer_list: KfCustomer[]; invalid_external_userid: string[] }>>('kf/customer/batchget', { external_userid_list, need_enter_session_context }),
    syncMsg: (req: SyncMsgRequest) => post<SyncMsgResponse>('kf/sync_msg', req),
    sendMsg: (req: SendMsgRequest) => post<R<{ msgid: string }>>('kf/send_msg', req),
    sendMsgOnEvent: (req: SendMsgOnEventRequest) => post<R<{ msgid: string }>>('kf/send_msg_on_event', req),
    getServiceState: (open_kfid: string, external_userid: string) =>
      post<ServiceStateGetResponse>('kf/service_state/get', { open_kfid, external_userid }),
    transServiceState: (req: ServiceStateTransRequest) => post<R<{ msg_code?: string }>>('kf/service_state/trans', req),

    // §4 member profile, 活码, attendance, app messages, external contacts
    updateUser: (req: UserUpdateRequest) => post<WecomResponse>('user/update', req, 'contact'),
    /** user/get: `status` 1 activated, 4 not yet (doc 90196). */
    getUser: (userid: string, secret: SecretRole = 'main') =>
      get<R<{ userid: string; name: string; status: number; external_position?: string; external_profile?: UserUpdateRequest['external_profile'] }>>('user/get', { userid }, secret),
    addContactWay: (req: ContactWayRequest) => post<R<{ config_id: string; qr_code: string }>>('externalcontact/add_contact_way', req, 'external'),
    updateContactWay: (req: ContactWayUpdate) => post<WecomResponse>('externalcontact/update_contact_way', req, 'external'),
    getContactWay: (config_id: string) => post<R<{ contact_way: ContactWay }>>('externalcontact/get_contact_way', { config_id }, 'external'),
    listContactWays: (req: { start_time?: number; end_time?: number; cursor?: string; limit?: number } = {}) =>
      post<R<{ contact_way: { config_id: string }[]; next_cursor?: string }>>('externalcontact/list_contact_way', req, 'external'),
    delContactWay: (config_id: string) => post<WecomResponse>('externalcontact/del_contact_way', { config_id }, 'external'),
    getCheckinData: (req: { starttime: number; endtime: number; useridlist: string[] }) =>
      post<R<{ checkindata: CheckinRecord[] }>>('checkin/getcheckindata', { opencheckindatatype: 3, ...req }, 'checkin'),
    sendTextCard: (touser: string[], textcard: TextCard) =>
      post<AppMessageResponse>('message/send', { touser: touser.join('|'), msgtype: 'textcard', agentid: o.agentId, textcard }),
    getExternalContact: (external_userid: string) =>
      get<R<{ external_contact: Record<string, unknown> }>>('externalcontact/get', { external_userid }, 'external'),
  };
}

export interface WecomClient extends ReturnType<typeof apiOver> {
  /** The same calls, each tried once: for a job's network step. */
  readonly once: WecomClient;
}
