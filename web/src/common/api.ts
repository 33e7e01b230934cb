/**
 * @module The one typed API client of the web pages: a small fetch wrapper that turns the server's error shape
 * into `ApiError`, typed functions for the demo endpoints, and an SSE subscription helper. Components never call
 * `fetch`/`EventSource` themselves; stores call these functions.
 */
import type { AgentStatus } from '../../../shared/domain/vocabulary';

export type { AgentStatus };

export interface DemoCustomer { externalUserid: string; nickname: string }
export interface DemoAgent { userid: string; name: string; status: AgentStatus }
export interface DemoSession { openKfid: string; kfName: string; customers: DemoCustomer[]; agents: DemoAgent[] }

export type MenuItem =
  | { type: 'click'; click: { id: string; content: string } }
  | { type: 'view'; view: { url: string; content: string } }
  | { type: 'text'; text: { content: string } };
export interface MenuContent { head_content?: string; list: MenuItem[]; tail_content?: string }

export interface TranscriptItem {
  id: string;
  from: 'customer' | 'bot' | 'agent';
  senderName?: string;
  msgtype: 'text' | 'msgmenu' | (string & {});
  text?: string;
  menu?: MenuContent;
  /** unix seconds */
  at: number;
}
export interface Transcript { messages: TranscriptItem[] }
export interface SendInput { text: string; menuId?: string }
/** The demo's shared clock: `now` in ms, `local` ISO in the organisation's `timeZone`, `offsetMs` jumped so far. */
export interface DemoClock { now: number; local: string; timeZone: string; offsetMs: number }
/** A time jump: by a duration, or to the next time the organisation's wall clock reads `HH:MM`. */
export type ClockJump = { advanceMs: number } | { toLocalTime: string };

/** A non-2xx answer: `{ error: { code, message }, requestId }`, or a network failure (`status` 0). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiError(err instanceof Error ? err.message : String(err), 0, 'network');
  }
  const data: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const e = (data as { error?: { code?: string; message?: string }; requestId?: string } | undefined) ?? {};
    throw new ApiError(e.error?.message ?? `${res.status} ${res.statusText}`, res.status, e.error?.code ?? 'http', e.requestId);
  }
  return data as T;
}

const enc = encodeURIComponent;

export const demoApi = {
  session: () => request<DemoSession>('GET', '/demo/api/session'),
  transcript: (externalUserid: string) => request<Transcript>('GET', `/demo/api/customers/${enc(externalUserid)}/transcript`),
  send: (externalUserid: string, input: SendInput) =>
    request<{ msgid: string }>('POST', `/demo/api/customers/${enc(externalUserid)}/messages`, input),
  setAgentStatus: (userid: string, status: AgentStatus) =>
    request<{ userid: string; status: AgentStatus }>('PUT', `/api/agents/${enc(userid)}/status`, { status }),
  streamUrl: (externalUserid: string) => `/demo/api/customers/${enc(externalUserid)}/stream`,
  clock: () => request<DemoClock>('GET', '/demo/api/clock'),
  jump: (input: ClockJump) => request<DemoClock>('POST', '/demo/api/clock', input),
};

export type StreamState = 'connecting' | 'open' | 'reconnecting';

/**
 * Listens to named SSE events (JSON data) on `url`. The browser reconnects by itself after a dropped
 * connection; when it gives up (non-200 answer) we retry with backoff. Returns the unsubscribe function.
 */
export function subscribe(
  url: string,
  handlers: Record<string, (data: unknown) => void>,
  onState: (state: StreamState) => void = () => {},
): () => void {
  let source: EventSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let closed = false;

  const open = () => {
    onState(attempt === 0 ? 'connecting' : 'reconnecting');
    const es = new EventSource(url);
    source = es;
    es.onopen = () => { attempt = 0; onState('open'); };
    es.onerror = () => {
      if (closed) return;
      onState('reconnecting');
      if (es.readyState === EventSource.CLOSED) {
        attempt += 1;
        timer = setTimeout(open, Math.min(10_000, 500 * 2 ** attempt));
      }
    };
    for (const [event, handle] of Object.entries(handlers)) {
      es.addEventListener(event, (e) => {
        let data: unknown;
        try { data = JSON.parse((e as MessageEvent<string>).data); } catch { return; /* not JSON: skip the frame */ }
        handle(data);
      });
    }
  };
  open();
  return () => {
    closed = true;
    clearTimeout(timer);
    source?.close();
  };
}
