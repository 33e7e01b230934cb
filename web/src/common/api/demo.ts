/**
 * @module The demo page's calls (`/demo/api/*`, and setting an agent's status) over the typed client, the types
 * of their answers (inferred from the server's routes), and the transcript stream.
 */
import type { InferRequestType } from 'hono/client';
import type { DemoStreamEvents } from '../../../../server/app';
import { call, demoServer, seg, server, type OkOf } from './client';
import { subscribe, type StreamHandlers, type StreamState } from './sse';

const demo = demoServer.demo.api;
const customer = demo.customers[':externalUserid'];

export const demoApi = {
  session: () => call(demo.session.$get()),
  transcript: (externalUserid: string) => call(customer.transcript.$get({ param: { externalUserid: seg(externalUserid) } })),
  send: (externalUserid: string, input: SendInput) => call(customer.messages.$post({ param: { externalUserid: seg(externalUserid) }, json: input })),
  setAgentStatus: (userid: string, status: DemoAgent['status']) =>
    call(server.api.agents[':userid'].status.$put({ param: { userid: seg(userid) }, json: { status } })),
  /** The customer's transcript (and the agents' statuses) as they change; returns the unsubscribe function. */
  stream: (externalUserid: string, handlers: StreamHandlers<DemoStreamEvents>, onState?: (s: StreamState) => void) =>
    subscribe(customer.stream.$path({ param: { externalUserid: seg(externalUserid) } }), handlers, onState),
};

export type DemoSession = OkOf<typeof demo.session.$get>;
export type DemoCustomer = DemoSession['customers'][number];
export type DemoAgent = DemoSession['agents'][number];
export type Transcript = OkOf<typeof customer.transcript.$get>;
export type TranscriptItem = Transcript['messages'][number];
export type MenuContent = NonNullable<TranscriptItem['menu']>;
export type SendInput = InferRequestType<typeof customer.messages.$post>['json'];
