/**
 * @module kf session rules (WECOM.md §3.5): lazy 48 h expiry, legal state moves, auto-assignment when
 * an account is not in API mode, the 5-per-customer-message quota and the one-shot event codes
 * (welcome_code 20 s, pool/taken msg_code 48 h, end msg_code 20 s).
 */
import type { ServiceState } from '../../shared/domain/vocabulary';
import type { SimContext } from './context';
import { WECOM_LIMITS } from './options';
import type { Account, CodeKind, Pair, Session } from './state';
import { WxError } from './wx';

/** Moves the API may make: 0 → 1/2/3/4, 1 → 2/3/4, 2 → 3/4, 3 → 3 (another servicer)/4; 4 → none. */
export const LEGAL_MOVES: Record<ServiceState, readonly ServiceState[]> = {
  0: [1, 2, 3, 4], 1: [2, 3, 4], 2: [3, 4], 3: [3, 4], 4: [],
};

const CODE_TTL: Record<CodeKind, number> = {
  welcome: WECOM_LIMITS.welcomeCodeTtlMs,
  pool: WECOM_LIMITS.poolCodeTtlMs,
  taken: WECOM_LIMITS.poolCodeTtlMs,
  end: WECOM_LIMITS.endCodeTtlMs,
};

/** Whether the customer wrote within 48 h (the window in which send_msg is allowed). */
export function withinWindow(ctx: SimContext, pair: Pair): boolean {
  return pair.lastCustomerMsgAt !== null && ctx.now() - pair.lastCustomerMsgAt <= WECOM_LIMITS.sessionWindowMs;
}

/** The pair's session, ended lazily once 48 h have passed since the customer last wrote. */
export function liveSession(ctx: SimContext, pair: Pair): Session | null {
  const s = pair.session;
  if (s && s.state !== 4 && !withinWindow(ctx, pair)) s.state = 4;
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

/** A customer message: reset the quota and open a new session if none is live. */
export function onCustomerMessage(ctx: SimContext, account: Account, pair: Pair): void {
  const s = liveSession(ctx, pair);
  pair.lastCustomerMsgAt = ctx.now();
  pair.quotaUsed = 0;
  if (s && s.state !== 4) return;
  const session: Session = { state: 0, servicer_userid: '', startedAt: ctx.now(), gave2: false, gave3: false };
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

export function mintCode(ctx: SimContext, kind: CodeKind, open_kfid: string, external_userid: string): string {
  const code = ctx.secret(kind === 'welcome' ? 'WC' : 'MC', 18);
  ctx.state.codes.set(code, { kind, open_kfid, external_userid, expiresAt: ctx.now() + CODE_TTL[kind], used: false });
  return code;
}

/** Check that `userid` may receive a session now (95014 not a servicer, 95019 stopped or paused). */
export function assertReceiving(ctx: SimContext, account: Account, userid: string | undefined): string {
  if (!userid || !account.servicers.includes(userid)) throw new WxError(95014, `${userid ?? ''} is not a servicer of ${account.open_kfid}`);
  if (ctx.state.members.get(userid)?.servicerStatus !== 'receiving') throw new WxError(95019, `${userid} is not 接待中`);
  return userid;
}

/**
 * Apply a state move with WeCom's rules; returns the msg_code WeCom hands out on the first move into 2
 * or 3 and on every move into 4.
 */
export function moveSession(ctx: SimContext, account: Account, pair: Pair, to: ServiceState, servicer?: string): string | undefined {
  const s = liveSession(ctx, pair);
  if (!s) throw new WxError(95013, 'no session: the customer has not written within 48 h');
  if (s.state === 4) throw new WxError(95013, 'the session has ended');
  if (!LEGAL_MOVES[s.state].includes(to)) throw new WxError(95016, `cannot move from ${s.state} to ${to}`);
  if (to === 3) s.servicer_userid = assertReceiving(ctx, account, servicer);
  else if (to !== 4) s.servicer_userid = '';
  s.state = to;
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
