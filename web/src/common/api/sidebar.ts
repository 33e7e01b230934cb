/**
 * @module The sidebar's calls (`/api/sidebar/*`) over the typed client, the types of their answers (inferred
 * from the server's routes), and its live stream with the stream's event types (declared by the server route).
 */
import type { InferRequestType } from 'hono/client';
import type { SidebarStreamEvents } from '../../../../server/app/index';
import { call, seg, server, type OkOf } from './client';
import { subscribe, type StreamHandlers, type StreamState } from './sse';

const sb = server.api.sidebar;
const entryOf = (entry: string) => entry || undefined;

export const sidebarApi = {
  /** `link`: a duty manager's deep-link token (no session needed; that one conversation only). */
  context: (externalUserid: string, entry = '', link?: string) => call(sb.context.$get({ query: { externalUserid, entry: entryOf(entry), link } })),
  /** What a duty manager's deep link opens: the one conversation it names. */
  link: (link: string) => call(sb.link.$get({ query: { link } })),
  myStatus: () => call(sb.me.status.$get()),
  setMyStatus: (input: SetMyStatusInput) => call(sb.me.status.$put({ json: input })),
  history: () => call(sb.me.history.$get()),
  duty: () => call(sb.duty.$get()),
  quickReplies: (externalUserid: string, entry = '', q = '') =>
    call(sb['quick-replies'].$get({ query: { externalUserid, entry: entryOf(entry), q: q || undefined } })),
  createQuickReply: (input: { name: string; body: string }) =>
    call(sb['quick-replies'].$post({ json: { ...input, msgtype: 'text', kind: 'custom' } })),
  /** The agent sent an FAQ entry (quick reply `faq_<id>`): counted in the admin's FAQ usage. */
  faqSent: (id: number, externalUserid: string) => call(sb.faq[':id'].sent.$post({ param: { id: String(id) }, query: { externalUserid } })),
  /** Sets (or clears, `null`) the customer's 专属客服经理: an agent of the customer's team, to a servicer of that account. */
  setDedicatedManager: (externalUserid: string, userid: string | null) =>
    call(sb['dedicated-manager'].$put({ query: { externalUserid }, json: { userid } })),
  /** The agents' note and tags on a customer; `baseUpdatedAt`: the version edited (409 when a colleague saved since). */
  setCustomerProfile: (externalUserid: string, input: CustomerProfileInput) =>
    call(sb['customer-profile'].$put({ query: { externalUserid }, json: input })),
  deleteQuickReply: (id: string) => call(sb['quick-replies'][':id'].$delete({ param: { id: seg(id) } })),
  decisions: (conversationId: number, link?: string) => call(sb.decisions.$get({ query: { conversationId: String(conversationId), link } })),
  appointments: (externalUserid: string) => call(sb.appointments.$get({ query: { externalUserid } })),
  correctIntent: (msgid: string, intent: CorrectIntentInput['intent']) =>
    call(sb.messages[':msgid'].intent.$post({ param: { msgid: seg(msgid) }, json: { intent } })),
  jssdkConfig: (url: string) => call(sb.jssdk.config.$get({ query: { url } })),
  /** My status, the roster and (with a customer) that conversation's changes, live; returns the unsubscribe function. */
  stream: (externalUserid: string | null, handlers: StreamHandlers<SidebarEvents>, onState?: (s: StreamState) => void) =>
    subscribe(sb.stream.$path({ query: { externalUserid: externalUserid ?? undefined } }), handlers, onState),
};

export type MyStatus = OkOf<typeof sb.me.status.$get>;
export type SetMyStatusInput = InferRequestType<typeof sb.me.status.$put>['json'];
export type StatusDuration = NonNullable<SetMyStatusInput['duration']>;
export type StatusHistory = OkOf<typeof sb.me.history.$get>;
export type SidebarDuty = OkOf<typeof sb.duty.$get>;
export type CustomerContext = OkOf<typeof sb.context.$get>;
export type SidebarMessage = CustomerContext['messages'][number];
export type QuickReply = OkOf<typeof sb['quick-replies']['$get']>['items'][number];
export type DecisionView = OkOf<typeof sb.decisions.$get>['items'][number];
export type SidebarAppointments = OkOf<typeof sb.appointments.$get>;
export type AppointmentView = SidebarAppointments['customer'][number];
export type JsSdkConfig = OkOf<typeof sb.jssdk.config.$get>;
export type CustomerProfileInput = InferRequestType<typeof sb['customer-profile']['$put']>['json'];
type CorrectIntentInput = InferRequestType<(typeof sb.messages)[':msgid']['intent']['$post']>['json'];
/** The stream's named events and their data. */
export type SidebarEvents = SidebarStreamEvents;
export type ConversationChange = SidebarEvents['conversation'];
