/**
 * @module kf session rules (WECOM.md §3.5, WeCom doc 94669 「分配客服会话」): lazy 48 h end counted from the
 * start of the session, a new state-0 session on the customer's next message, the API's legal moves, the
 * move 0 → 1 when the API sends, auto-assignment when an account is not in API mode, the 5-per-customer-message
 * quota and the one-shot event codes (welcome_code 20 s, pool/taken msg_code 48 h, end msg_code 20 s), each
 * usable only while the session is still in the state that issued it.
 */
import type { ServiceState } from '../../shared/domain/vocabulary';
import type { SimContext } from './context';
import { WECOM_LIMITS } from './options';
import type { Account, CodeKind, Pair, Session } from './state';
import { WxError } from './wx';

/**
 * Moves the API may make — doc 94669 「变更会话状态」: 0 → 1/2/3, 1 → 2/3, 2 → 3, 3 → another servicer or 4;
 * 4 (已结束/未开始) allows none. Anything else is 95016.
 */
export const LEGAL_MOVES: Record<ServiceState, readonly ServiceState[]> = {
  0: [1, 2, 3], 1: [2, 3], 2: [3], 3: [3, 4], 4: [],
};

const CODE_TTL: Record<CodeKind, number> = {
  welcome: WECOM_LIMITS.welcomeCodeTtlMs,
  pool: WECOM_LIMITS.poolCodeTtlMs,
  taken: WECOM_LIMITS.poolCodeTtlMs,
  end: WECOM_LIMITS.endCodeTtlMs,
};

/** The state a msg_code belongs to: doc 94669 — 回复语 code on first entering 2 or 3, 结束语 code on 4. */
const CODE_STATE: Record<Exclude<CodeKind, 'welcome'>, ServiceState> = { pool: 2, taken: 3, end: 4 };

/** Whether the customer wrote within 48 h (the window in which send_msg is allowed, doc 94677). */
export function withinWindow(ctx: SimContext, pair: Pair): boolean {
  return pair.lastCustomerMsgAt !== null && ctx.now() - pair.lastCustomerMsgAt <= WECOM_LIMITS.sessionWindowMs;
}

/**
 * The pair's session, ended lazily: doc 94669 「一个微信用户向一个客服账号发起咨询后，在48h内，或主动结束会话前……
 * 都算是一次会话」 — 48 h after it began. WeCom sends no event for this end.
 */
export function liveSession(ctx: SimContext, pair: Pair): Session | null {
  const s = pair.session;
  if (s && s.state !== 4 && ctx.now() - s.startedAt > WECOM_LIMITS.sessionWindowMs) {
    s.state = 4;
    s.servicer_userid = '';
    s.endedAt = s.startedAt + WECOM_LIMITS.sessionWindowMs;
  }
  return s;
}

export function currentState(ctx: SimContext, pair: Pair): { state: ServiceState; servicer_userid: string } {
  const s = liveSession(ctx, pair);
  // No session yet reads as 4 (已结束/未开始): the customer has to write first.
  return s ? { state: s.state, servicer_userid: s.servicer_userid } : { state: 4, servicer_userid: '' };
}

export function receivingServicers(ctx: SimContext, account: Account): string[] {
  return account.servicers.filter((u) => ctx.state.members.get(u)?.servicerStatus === 'receiving');
}

/**
 * A customer message: reset the quota and, when no session is live, open a new one in state 0 — doc 94669
 * 「客户发消息咨询后会话状态变为“未处理”」.
 */
export function onCustomerMessage(ctx: SimContext, account: Account, pair: Pair): void {
  const s = liveSession(ctx, pair);
  pair.lastCustomerMsgAt = ctx.now();
  pair.quotaUsed = 0;
  if (s && s.state !== 4) return;
  const session: Session = { id: ++ctx.state.seq, state: 0, servicer_userid: '', startedAt: ctx.now(), endedAt: null, gave2: false, gave3: false };
  if (!account.apiMode) {
    // WeCom assigns new sessions to a receiving servicer itself: the 95018 trap of WECOM.md §3.5.
    const online = receivingServicers(ctx, account);
    const pick = online[account.assigned++ % Math.max(1, online.length)];
    if (pick) {
      session.state = 3;
      session.servicer_userid = pick;
    }
  }
  pair.session = session;
}

/** A send through the API: doc 94669 state 0 「可选择直接用API自动回复消息」 — the smart assistant (1) now has it. */
export function onApiSend(ctx: SimContext, pair: Pair): void {
  const s = liveSession(ctx, pair);
  if (s?.state === 0) s.state = 1;
}

export function mintCode(ctx: SimContext, kind: CodeKind, open_kfid: string, external_userid: string): string {
  const code = ctx.secret(kind === 'welcome' ? 'WC' : 'MC', 18);
  const session = kind === 'welcome' ? null : ctx.state.pairs.get(`${open_kfid}\u0000${external_userid}`)?.session ?? null;
  ctx.state.codes.set(code, {
    kind, open_kfid, external_userid, expiresAt: ctx.now() + CODE_TTL[kind], used: false, sessionId: session?.id ?? null,
  });
  return code;
}

/**
 * A msg_code may answer only while its session is still in the state that issued it (WECOM.md §3.4; doc 95122
 * 「发送事件响应消息」). WeCom publishes no errcode for a code whose session moved on: `codeStateErrcode` (95007).
 */
export function assertCodeState(ctx: SimContext, code: { kind: CodeKind; open_kfid: string; external_userid: string; sessionId: number | null }): void {
  if (code.kind === 'welcome') return;
  const pair = ctx.state.pairs.get(`${code.open_kfid}\u0000${code.external_userid}`);
  const cur = pair ? currentState(ctx, pair) : { state: 4 as ServiceState };
  const sameSession = pair?.session?.id === code.sessionId;
  if (!sameSession || cur.state !== CODE_STATE[code.kind]) {
    throw new WxError(ctx.opts.unknowns.codeStateErrcode, `the session is no longer in the state that issued this code (now ${cur.state})`);
  }
}

/** Check that `userid` may receive a session now (95014 not a servicer, 95019 stopped or paused). */
export function assertReceiving(ctx: SimContext, account: Account, userid: string | undefined): string {
  if (!userid || !account.servicers.includes(userid)) throw new WxError(95014, `${userid ?? ''} is not a servicer of ${account.open_kfid}`);
  // WECOM.md §3.5 / §6: 95014 also for a servicer who never activated WeCom (doc 94669 service_state/trans).
  if (ctx.state.members.get(userid)?.activated === false) throw new WxError(95014, `${userid} has not activated WeCom`);
  if (ctx.state.members.get(userid)?.servicerStatus !== 'receiving') throw new WxError(95019, `${userid} is not 接待中`);
  return userid;
}

/**
 * Apply a state move with WeCom's rules; returns the msg_code WeCom hands out — doc 94669: 「将会话初次变更为
 * service_state为2和3时，返回回复语code，service_state为4时，返回结束语code」.
 */
export function moveSession(ctx: SimContext, account: Account, pair: Pair, to: ServiceState, servicer?: string): string | undefined {
  const s = liveSession(ctx, pair);
  if (!s) throw new WxError(95013, 'no session: the customer has not written');
  if (s.state === 4) throw new WxError(95013, 'the session has ended');
  if (!LEGAL_MOVES[s.state].includes(to)) throw new WxError(95016, `cannot move from ${s.state} to ${to}`);
  if (s.state === 3 && to === 3 && servicer === s.servicer_userid) throw new WxError(95016, `${servicer} already serves this session`);
  if (to === 3) s.servicer_userid = assertReceiving(ctx, account, servicer);
  else s.servicer_userid = '';
  s.state = to;
  if (to === 4) s.endedAt = ctx.now();
  if (to === 2 && !s.gave2) {
    s.gave2 = true;
    return mintCode(ctx, 'pool', account.open_kfid, pair.external_userid);
  }
  if (to === 3 && !s.gave3) {
    s.gave3 = true;
    return mintCode(ctx, 'taken', account.open_kfid, pair.external_userid);
  }
  if (to === 4) return mintCode(ctx, 'end', account.open_kfid, pair.external_userid);
  return undefined;
}

export function quotaLeft(ctx: SimContext, pair: Pair): number {
  return withinWindow(ctx, pair) ? Math.max(0, WECOM_LIMITS.sendQuotaPerCustomerMsg - pair.quotaUsed) : 0;
}
