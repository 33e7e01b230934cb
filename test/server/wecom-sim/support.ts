/**
 * @module Test support for the simulator suites: a simulator on port 0 with a movable clock, a tiny
 * callback receiver (real HTTP) that verifies, decrypts and records what it gets, and a WeCom API caller.
 */
import { serve } from '@hono/node-server';
import { decrypt, getSignature } from '@wecom/crypto';
import { XMLParser } from 'fast-xml-parser';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { startSimulator, SimControlClient, type RunningSimulator } from '../../../server/wecom-sim/index';
import type { SimOptions } from '../../../server/wecom-sim/options';

export const CORP_ID = 'wwTestCorp0001';
export const SECRET = 'test-secret';
export const CB_TOKEN = 'TestCallbackToken';
export const AES_KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
export const KF = 'wkTestAccount01';
export const KF2 = 'wkTestAccount02';
export const START = Date.UTC(2026, 0, 5, 2, 0, 0) + 750; // off the second, to catch ms/s mix-ups

export interface Received { query: Record<string, string>; body: string; inner: Record<string, unknown>; at: number }

export interface Receiver {
  url: string;
  got: Received[];
  /** Status codes to answer next, in order (then 200). */
  statuses: number[];
  /** Delays (ms) before answering the next requests, in order (then none). */
  delays: number[];
  close(): Promise<void>;
}

const xml = new XMLParser({ parseTagValue: false });

export async function startReceiver(): Promise<Receiver> {
  const r: Omit<Receiver, 'url' | 'close'> = { got: [], statuses: [], delays: [] };
  const app = new Hono();
  app.get('/cb', (c) => {
    const q = c.req.query();
    const echostr = q.echostr ?? '';
    if (getSignature(CB_TOKEN, q.timestamp ?? '', q.nonce ?? '', echostr) !== q.msg_signature) return c.text('bad signature', 401);
    return c.text(decrypt(AES_KEY, echostr).message);
  });
  app.post('/cb', async (c) => {
    const q = c.req.query();
    const body = await c.req.text();
    const outer = (xml.parse(body) as { xml: { Encrypt: string } }).xml;
    const sigOk = getSignature(CB_TOKEN, q.timestamp ?? '', q.nonce ?? '', outer.Encrypt) === q.msg_signature;
    const plain = decrypt(AES_KEY, outer.Encrypt);
    const inner = { ...(xml.parse(plain.message) as { xml: Record<string, unknown> }).xml, receiveId: plain.id, sigOk };
    r.got.push({ query: q, body, inner, at: Date.now() });
    const delay = r.delays.shift() ?? 0;
    if (delay > 0) await new Promise((res) => setTimeout(res, delay));
    return c.body('', (r.statuses.shift() ?? 200) as 200);
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((res) => server.once('listening', () => res()));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(r, {
    url: `http://127.0.0.1:${port}/cb`,
    close: () => new Promise<void>((res) => {
      server.close(() => res());
      if ('closeAllConnections' in server) server.closeAllConnections();
    }),
  });
}

/** A sync_msg item as the tests read it. */
export interface KfItem {
  msgid: string; open_kfid?: string; external_userid?: string; send_time: number; origin: number; msgtype: string;
  servicer_userid?: string; text?: { content: string; menu_id?: string }; event?: { event_type: string } & Record<string, unknown>;
}

/** A WeCom answer as the tests read it: the fields the suites look at, typed for reading (present or not). */
export interface WxAnswer {
  errcode: number; errmsg: string; msgid: string; msg_code: string; next_cursor: string; has_more: number; msg_list: KfItem[];
  config_id: string; qr_code: string; url: string; service_state: number; servicer_userid: string;
  result_list: { userid: string; errcode: number }[]; checkindata: { userid: string; checkin_type: string }[];
  [key: string]: unknown;
}

export interface Env {
  sim: RunningSimulator;
  ctl: SimControlClient;
  receiver: Receiver;
  clock: { t: number; advance(ms: number): void };
  token(): Promise<string>;
  /** A token minted by another secret, e.g. the 通讯录同步 secret `contact-secret`. */
  tokenFor(secret: string): Promise<string>;
  /** Call a WeCom API path (without /cgi-bin); GET when body is undefined. */
  call(path: string, body?: unknown, opts?: { token?: string | null }): Promise<WxAnswer>;
  close(): Promise<void>;
}

export async function setup(overrides: Partial<SimOptions> = {}): Promise<Env> {
  const clock = { t: START, advance(ms: number) { this.t += ms; } };
  const receiver = await startReceiver();
  const sim = await startSimulator({
    port: 0, corpId: CORP_ID, corpSecret: SECRET, secrets: { contact: 'contact-secret' }, agentId: 1000002,
    now: () => clock.t,
    callback: { url: receiver.url, token: CB_TOKEN, encodingAESKey: AES_KEY, timeoutMs: 400, attempts: 3 },
    unknowns: { callbackRetryIntervalMs: 20, syncWithoutTokenPerMinute: 1000 },
    seed: {
      accounts: [
        { open_kfid: KF, name: '测试客服', servicers: [{ userid: 'alice', status: 'receiving' }, { userid: 'bob', status: 'stopped' }, { userid: 'carol', status: 'paused' }] },
        { open_kfid: KF2, name: '第二客服', apiMode: false, servicers: [{ userid: 'alice', status: 'receiving' }] },
      ],
      members: [{ userid: 'alice', name: 'Alice' }, { userid: 'bob', name: 'Bob' }, { userid: 'carol', name: 'Carol' }, { userid: 'dave', name: 'Dave' }],
      customers: [{ external_userid: 'wmCustomer0001', nickname: '客户一' }, { external_userid: 'wmCustomer0002', nickname: '客户二' }],
    },
    ...overrides,
  });
  const ctl = new SimControlClient(sim.url);
  let cached: { token: string; at: number } | undefined;
  const env: Env = {
    sim, ctl, receiver, clock,
    async token() {
      if (!cached || clock.t - cached.at >= 7000_000) {
        const res = await fetch(`${sim.url}/cgi-bin/gettoken?corpid=${CORP_ID}&corpsecret=${SECRET}`);
        cached = { token: ((await res.json()) as { access_token: string }).access_token, at: clock.t };
      }
      return cached.token;
    },
    async tokenFor(secret) {
      const res = await fetch(`${sim.url}/cgi-bin/gettoken?corpid=${CORP_ID}&corpsecret=${secret}`);
      const body = (await res.json()) as { access_token?: string; errcode: number };
      if (!body.access_token) throw new Error(`gettoken with that secret failed: ${body.errcode}`);
      return body.access_token;
    },
    async call(path, body, opts = {}) {
      const token = opts.token === undefined ? await env.token() : opts.token;
      const sep = path.includes('?') ? '&' : '?';
      const url = `${sim.url}/cgi-bin/${path}${token === null ? '' : `${sep}access_token=${token}`}`;
      const res = await fetch(url, body === undefined ? {} : { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });
      return (await res.json()) as WxAnswer;
    },
    async close() {
      await sim.close();
      await receiver.close();
    },
  };
  return env;
}

/** A customer writes text to KF (or another account). */
export function say(env: Env, content: string, external_userid = 'wmCustomer0001', open_kfid = KF) {
  return env.ctl.customerSend({ open_kfid, external_userid, msgtype: 'text', content });
}

export function sendText(env: Env, content: string, extra: Record<string, unknown> = {}) {
  return env.call('kf/send_msg', { touser: 'wmCustomer0001', open_kfid: KF, msgtype: 'text', text: { content }, ...extra });
}
