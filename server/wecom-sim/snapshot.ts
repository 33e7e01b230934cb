/**
 * @module A JSON snapshot of the simulator state for `/sim/state`: sessions with state, servicer and
 * quota left, accounts and servicers, member profiles, contact ways, app messages, check-ins, call
 * counts per path, access tokens issued per secret and callback deliveries.
 */
import type { SimContext } from './context';
import { listStatus } from './state';
import type { TokenKind } from './permissions';
import { currentState, quotaLeft } from './sessions';
import { wayView } from './routes/contact';

export function snapshot(ctx: SimContext) {
  const { state } = ctx;
  return {
    now: ctx.now(),
    corp: state.corp,
    clockOffsetMs: ctx.opts.sharedClock?.offsetMs ?? state.clockOffsetMs,
    accounts: [...state.accounts.values()].map((a) => ({
      open_kfid: a.open_kfid, name: a.name, apiMode: a.apiMode, apiManaged: a.apiManaged, nativeWelcome: a.nativeWelcome,
      consoleReception: a.consoleReception, logSize: a.log.length, sentMsgids: a.sentMsgids.size,
      servicers: a.servicers.map((userid) => ({ userid, ...listStatus(state.members.get(userid)?.servicerStatus ?? 'stopped') })),
    })),
    sessions: [...state.pairs.values()].map((p) => {
      const s = currentState(ctx, p);
      return {
        open_kfid: p.open_kfid, external_userid: p.external_userid, service_state: s.state, servicer_userid: s.servicer_userid,
        session_id: p.session?.id ?? null, session_started_at: p.session?.startedAt ?? null, session_ended_at: p.session?.endedAt ?? null,
        quota_left: quotaLeft(ctx, p), last_customer_msg_at: p.lastCustomerMsgAt, last_welcome_at: p.lastWelcomeAt,
      };
    }),
    members: [...state.members.values()].map((m) => ({
      userid: m.userid, name: m.name, activated: m.activated, servicer_status: m.servicerStatus, external_position: m.external_position ?? null,
      external_profile: m.external_profile ?? null, update_count: m.updateCount,
    })),
    customers: [...state.customers.values()],
    contactWays: [...state.contactWays.values()].map(wayView),
    contactWayUpdates: state.contactWayUpdates,
    externalContacts: [...state.externalContacts.values()],
    appMessages: state.appMessages,
    checkins: state.checkins,
    callCounts: { ...state.callCounts },
    /** Per secret (its kind: `app` is the self-built app's), when each access token was issued, oldest first. */
    tokensIssued: tokensIssued(state.tokens),
    callbackDeliveries: state.deliveries,
    faults: ctx.faults.settings,
  };
}

function tokensIssued(tokens: SimContext['state']['tokens']): Partial<Record<TokenKind, number[]>> {
  const out: Partial<Record<TokenKind, number[]>> = {};
  for (const t of tokens.values()) (out[t.kind] ??= []).push(t.issuedAt);
  for (const times of Object.values(out)) times.sort((a, b) => a - b);
  return out;
}

export type SimSnapshot = ReturnType<typeof snapshot>;
