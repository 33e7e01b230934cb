/**
 * @module The sidebar's part of the one API client: typed calls to `/auth/me` and `/api/sidebar/*` over the
 * shared `request` (error shape → `ApiError`), and the sign-in redirect. Stores call these; components never fetch.
 */
import { request } from './api';
import type {
  CustomerContext, DecisionView, JsSdkConfig, MyStatus, QuickReply, SetMyStatusInput, SidebarAppointments,
  SidebarDuty, StatusHistory,
} from '../../../shared/domain/sidebar';

export type * from '../../../shared/domain/sidebar';

export interface Me { userid: string; name: string; isAdmin: boolean; timeZone: string }

const enc = encodeURIComponent;
const base = '/api/sidebar';

export const sidebarApi = {
  me: () => request<Me>('GET', '/auth/me'),
  logout: () => request<{ ok: true }>('POST', '/auth/logout'),
  context: (externalUserid: string, entry = '') =>
    request<CustomerContext>('GET', `${base}/context?externalUserid=${enc(externalUserid)}${entry ? `&entry=${enc(entry)}` : ''}`),
  myStatus: () => request<MyStatus>('GET', `${base}/me/status`),
  setMyStatus: (input: SetMyStatusInput) => request<MyStatus>('PUT', `${base}/me/status`, input),
  history: () => request<StatusHistory>('GET', `${base}/me/history`),
  duty: () => request<SidebarDuty>('GET', `${base}/duty`),
  quickReplies: (externalUserid: string, entry = '', q = '') =>
    request<{ items: QuickReply[] }>('GET', `${base}/quick-replies?externalUserid=${enc(externalUserid)}${entry ? `&entry=${enc(entry)}` : ''}${q ? `&q=${enc(q)}` : ''}`),
  createQuickReply: (input: { name: string; body: string }) =>
    request<{ template: unknown }>('POST', `${base}/quick-replies`, { ...input, msgtype: 'text', kind: 'custom' }),
  deleteQuickReply: (id: string) => request<{ ok: true }>('DELETE', `${base}/quick-replies/${enc(id)}`),
  decisions: (conversationId: number) => request<{ items: DecisionView[] }>('GET', `${base}/decisions?conversationId=${conversationId}`),
  appointments: (externalUserid: string) =>
    request<SidebarAppointments>('GET', `${base}/appointments?externalUserid=${enc(externalUserid)}`),
  correctIntent: (msgid: string, intent: string) =>
    request<unknown>('POST', `${base}/messages/${enc(msgid)}/intent`, { intent }),
  jssdkConfig: (url: string) => request<JsSdkConfig>('GET', `${base}/jssdk/config?url=${enc(url)}`),
  streamUrl: (externalUserid: string | null) => `${base}/stream${externalUserid ? `?externalUserid=${enc(externalUserid)}` : ''}`,
};

/** Sends the browser through WeCom sign-in, coming back to this page (path + query + hash). */
export function goSignIn(): void {
  const here = `${location.pathname}${location.search}${location.hash}`;
  location.assign(`/auth/login?next=${enc(here)}`);
}
