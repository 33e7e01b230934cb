/**
 * @module In-memory state of the simulated WeCom corp: tokens, kf accounts with their append-only
 * message logs, sessions, codes, inboxes, contact ways, check-ins, app messages, call counts and
 * callback deliveries. `createState` seeds it; `resetState` re-seeds it in place (identity kept).
 */
import type { ServiceState } from '../../shared/domain/vocabulary';
import type { ResolvedOptions } from './options';
import type { Corp, SystemSecretKind, TokenKind } from './permissions';

export type ServicerStatus = 'receiving' | 'stopped' | 'paused';
export type Wire = Record<string, unknown>;

export interface LogEntry { seq: number; msgid: string; at: number; item: Wire }
export interface Account {
  open_kfid: string; name: string; avatar: string; apiMode: boolean; kfcId: string;
  apiManaged: boolean; nativeWelcome: string | null; consoleReception: boolean;
  servicers: string[]; log: LogEntry[]; sentMsgids: Map<string, number>; syncNoToken: number[];
  /** Round-robin counter of automatic assignments (accounts not in API mode). */
  assigned: number;
}
export interface Member {
  userid: string; name: string; servicerStatus: ServicerStatus; activated: boolean;
  external_position?: string; external_profile?: Wire; updateCount: number;
}
export interface Customer {
  external_userid: string; nickname: string; avatar: string; gender: number; unionid: string;
  lastActiveAt: number | null; enterContext: Wire | null;
}
export interface Session {
  /** Unique per session (a new one opens after an end or the 48 h lapse). */
  id: number;
  state: ServiceState; servicer_userid: string; startedAt: number;
  /** When it ended (API or agent end, or the lazy 48 h lapse); null while live. */
  endedAt: number | null;
  gave2: boolean; gave3: boolean;
}
/** One customer of one kf account. */
export interface Pair {
  open_kfid: string; external_userid: string; lastCustomerMsgAt: number | null;
  lastWelcomeAt: number | null; quotaUsed: number; session: Session | null;
}
export type CodeKind = 'welcome' | 'pool' | 'taken' | 'end';
export interface EventCode {
  kind: CodeKind; open_kfid: string; external_userid: string; expiresAt: number; used: boolean;
  /** The session that issued a msg_code (null for welcome codes). */
  sessionId: number | null;
}
export interface InboxItem {
  msgid: string; open_kfid: string; external_userid: string; msgtype: string; content: Wire; text: string; time: number;
  /** Delivery time in ms (the simulator's clock): for latency measurements. */
  atMs: number;
  /** `console`: the native 欢迎语 WeCom sends by itself. */
  sender: 'send_msg' | 'send_msg_on_event' | 'agent' | 'console'; servicer_userid?: string;
  /** Set when the agent recalled the message (servicer_recall_msg): the customer no longer sees it. */
  recalledAt?: number;
}
export interface ContactWay {
  config_id: string; type: number; scene: number; style?: number; remark: string; skip_verify: boolean;
  state: string; qr_code: string; user: string[]; party: number[]; is_temp: boolean; expires_in?: number;
  created_at: number; rr: number;
}
export interface CheckinRecord {
  userid: string; groupname: string; checkin_type: string; exception_type: string; checkin_time: number;
  location_title: string; location_detail: string; wifiname: string; notes: string; wifimac: string;
  mediaids: string[]; sch_checkin_time: number; groupid: number; schedule_id: number; timeline_id: number;
}
export interface AppMessage {
  msgid: string; touser: string; textcard: Wire; time: number; delivered: string[]; dropped: string[]; invalid: string[];
}
export interface Delivery {
  id: number; open_kfid: string; attempt: number; status: number | null; error?: string;
  latencyMs: number; at: number; dropped: boolean;
}
export interface ExternalContact { external_userid: string; name: string; follow: { userid: string; createtime: number; state: string; config_id: string }[] }

export interface SimState {
  clockOffsetMs: number;
  seq: number;
  /** Access tokens: the kind of secret that minted each, and when. */
  tokens: Map<string, { kind: TokenKind; issuedAt: number; expiresAt: number; revoked: boolean }>;
  /** Permission settings (seeded from `options.corp`, changed through /sim/corp). */
  corp: Corp;
  secrets: Partial<Record<SystemSecretKind, string>>;
  ticketCalls: { jsapi: number[]; agent: number[] };
  /** JS-SDK tickets in force: `jsapi` (the corp's) and `agent:<secret name>` (an app's). */
  tickets: Map<string, { value: string; expiresAt: number }>;
  oauthCodes: Map<string, { userid?: string; external_userid?: string; openid?: string; expiresAt: number; used: boolean }>;
  accounts: Map<string, Account>;
  members: Map<string, Member>;
  customers: Map<string, Customer>;
  pairs: Map<string, Pair>;
  codes: Map<string, EventCode>;
  msgTokens: Map<string, { open_kfid: string; expiresAt: number }>;
  inbox: Map<string, InboxItem[]>;
  contactWays: Map<string, ContactWay>;
  contactWayUpdates: number;
  externalContacts: Map<string, ExternalContact>;
  checkins: CheckinRecord[];
  appMessages: AppMessage[];
  appMsgTimes: Map<string, number[]>;
  callCounts: Record<string, number>;
  deliveries: Delivery[];
}

export function createState(opts: ResolvedOptions): SimState {
  const state: SimState = {
    clockOffsetMs: 0, seq: 0, tokens: new Map(), corp: structuredClone(opts.corp), secrets: { ...opts.secrets }, ticketCalls: { jsapi: [], agent: [] }, tickets: new Map(), oauthCodes: new Map(),
    accounts: new Map(), members: new Map(), customers: new Map(), pairs: new Map(), codes: new Map(),
    msgTokens: new Map(), inbox: new Map(), contactWays: new Map(), contactWayUpdates: 0,
    externalContacts: new Map(), checkins: [], appMessages: [], appMsgTimes: new Map(), callCounts: {},
    deliveries: [],
  };
  for (const m of opts.seed.members) {
    state.members.set(m.userid, { userid: m.userid, name: m.name, servicerStatus: 'stopped', activated: m.activated, updateCount: 0 });
  }
  opts.seed.accounts.forEach((a, i) => {
    for (const s of a.servicers) {
      const member = state.members.get(s.userid);
      if (member) member.servicerStatus = s.status;
      else state.members.set(s.userid, { userid: s.userid, name: s.userid, servicerStatus: s.status, activated: true, updateCount: 0 });
    }
    state.accounts.set(a.open_kfid, {
      open_kfid: a.open_kfid, name: a.name, avatar: a.avatar, apiMode: a.apiMode,
      apiManaged: a.apiManaged, nativeWelcome: a.nativeWelcome, consoleReception: a.consoleReception,
      kfcId: `kfc${(i + 1).toString(16).padStart(4, '0')}${a.open_kfid.slice(2, 10).toLowerCase()}`,
      servicers: a.servicers.map((s) => s.userid), log: [], sentMsgids: new Map(), syncNoToken: [], assigned: 0,
    });
  });
  for (const c of opts.seed.customers) {
    state.customers.set(c.external_userid, { ...c, lastActiveAt: null, enterContext: null });
  }
  return state;
}

/** Re-seed in place so holders of the state object keep a valid reference; ids keep counting so none repeats. */
export function resetState(state: SimState, opts: ResolvedOptions): void {
  const { seq } = state;
  Object.assign(state, createState(opts), { seq });
}

export function pairKey(open_kfid: string, external_userid: string): string {
  return `${open_kfid}\u0000${external_userid}`;
}

export function getPair(state: SimState, open_kfid: string, external_userid: string): Pair {
  const key = pairKey(open_kfid, external_userid);
  let pair = state.pairs.get(key);
  if (!pair) {
    pair = { open_kfid, external_userid, lastCustomerMsgAt: null, lastWelcomeAt: null, quotaUsed: 0, session: null };
    state.pairs.set(key, pair);
  }
  return pair;
}

export function ensureCustomer(state: SimState, external_userid: string, nickname?: string): Customer {
  let c = state.customers.get(external_userid);
  if (!c) {
    c = { external_userid, nickname: nickname ?? external_userid, avatar: '', gender: 0, unionid: '', lastActiveAt: null, enterContext: null };
    state.customers.set(external_userid, c);
  } else if (nickname) c.nickname = nickname;
  return c;
}

/** Servicer status in the list API's encoding: 0 接待中, 1 停止接待 (+ stop_type 0 stopped, 1 paused). */
export function listStatus(s: ServicerStatus): { status: 0 | 1; stop_type?: 0 | 1 } {
  if (s === 'receiving') return { status: 0 };
  return { status: 1, stop_type: s === 'paused' ? 1 : 0 };
}
