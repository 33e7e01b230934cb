/**
 * @module The demo page's calls (`/demo/api/*`, and setting an agent's status) over the typed client, the types
 * of their answers (inferred from the server's routes), the transcript stream and the demo clock.
 */
import type { InferRequestType } from 'hono/client';
import type { DemoStreamEvents } from '../../../../server/app/index';
import { call, demoServer, seg, server, type OkOf } from './client';
import { subscribe, type StreamHandlers, type StreamState } from './sse';

const demo = demoServer.demo.api;
const customer = demo.customers[':externalUserid'];

export const demoApi = {
  session: () => call(demo.session.$get()),
  transcript: (externalUserid: string) => call(customer.transcript.$get({ param: { externalUserid: seg(externalUserid) } })),
  send: (externalUserid: string, input: SendInput) => call(customer.messages.$post({ param: { externalUserid: seg(externalUserid) }, json: input })),
  /** The customer opens the chat from a link carrying `sceneParam` (e.g. a profile wall's 预约回电: `appointment`). */
  enter: (externalUserid: string, sceneParam: string) => call(customer.enter.$post({ param: { externalUserid: seg(externalUserid) }, json: { sceneParam } })),
  /** The mock sidebar's sendChatMessage: the agent's message enters the customer's chat through the simulator. */
  agentMessage: (externalUserid: string, input: AgentMessageInput) =>
    call(customer['agent-messages'].$post({ param: { externalUserid: seg(externalUserid) }, json: input })),
  setAgentStatus: (userid: string, status: DemoAgent['status']) =>
    call(server.api.agents[':userid'].status.$put({ param: { userid: seg(userid) }, json: { status } })),
  /** The customer's transcript (and the agents' statuses) as they change; returns the unsubscribe function. */
  stream: (externalUserid: string, handlers: StreamHandlers<DemoStreamEvents>, onState?: (s: StreamState) => void) =>
    subscribe(customer.stream.$path({ param: { externalUserid: seg(externalUserid) } }), handlers, onState),
  clock: () => call(demo.clock.$get()),
  /** Resolves once the product has processed everything that fell due during the jump. */
  jump: (input: ClockJump) => call(demo.clock.$post({ json: input })),
};

export type DemoSession = OkOf<typeof demo.session.$get>;
export type DemoCustomer = DemoSession['customers'][number];
export type DemoAgent = DemoSession['agents'][number];
export type Transcript = OkOf<typeof customer.transcript.$get>;
export type TranscriptItem = Transcript['messages'][number];
export type MenuContent = NonNullable<TranscriptItem['menu']>;
export type SendInput = InferRequestType<typeof customer.messages.$post>['json'];
export type AgentMessageInput = InferRequestType<(typeof customer)['agent-messages']['$post']>['json'];
/** The demo's shared clock: `now` in ms, `local` ISO in the organisation's `timeZone`, `offsetMs` jumped so far. */
export type DemoClock = OkOf<typeof demo.clock.$get>;
/** A time jump: by a duration, or to the next time the organisation's wall clock reads `HH:MM`. */
export type ClockJump = InferRequestType<typeof demo.clock.$post>['json'];
