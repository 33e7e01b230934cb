/**
 * @module In-process control of the simulator (the `/sim/` routes are a thin zod layer over it): act as a
 * customer or an agent, set servicer status, record check-ins, mint OAuth codes, scan a contact way,
 * inject faults, move the clock, and read a snapshot of the state.
 */
import type { z } from 'zod';
import type * as S from './control-schemas';
import type { SimContext } from './context';
import { appendEvent, appendKf, deliver } from './kf-log';
import { WECOM_LIMITS } from './options';
import { snapshot } from './snapshot';
import { assertReceiving, currentState, mintCode, onCustomerMessage, withinWindow } from './sessions';
import { ensureCustomer, getPair, resetState, type Account, type InboxItem, type Wire } from './state';
import { WxError } from './wx';

/** A control call that cannot be done; HTTP status + message for the `/sim/` error shape. */
export class SimError extends Error {
  constructor(readonly status: 400 | 404 | 409, readonly code: string, message: string) {
    super(message);
  }
}

type Out<T extends z.ZodType> = z.output<T>;

export function createControl(ctx: SimContext) {
  const { state } = ctx;

  function account(open_kfid?: string): Account {
    const id = open_kfid ?? [...state.accounts.keys()][0];
    const a = id === undefined ? undefined : state.accounts.get(id);
    if (!a) throw new SimError(404, 'unknown_account', `no kf account ${open_kfid ?? '(none seeded)'}`);
    return a;
  }

  function lastMenuItem(external_userid: string, open_kfid: string, menu_id: string): string {
    const box = state.inbox.get(external_userid) ?? [];
    for (let i = box.length - 1; i >= 0; i--) {
      const m = box[i];
      if (!m || m.msgtype !== 'msgmenu' || m.open_kfid !== open_kfid) continue;
      const list = Array.isArray(m.content.list) ? (m.content.list as Wire[]) : [];
      const hit = list.find((it) => it.type === 'click' && (it.click as Wire | undefined)?.id === menu_id);
      if (hit) return String((hit.click as Wire).content ?? '');
    }
    throw new SimError(409, 'unknown_menu_id', `the customer has received no menu with click id ${menu_id}`);
  }

  function wecomRule<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof WxError) throw new SimError(409, `wecom_${e.errcode}`, e.message);
      throw e;
    }
  }

  return {
    customerSend(input: Out<typeof S.CustomerSend>) {
      const a = account(input.open_kfid);
      const customer = ensureCustomer(state, input.external_userid, input.nickname);
      let msgtype: string = input.msgtype;
      let body: Wire;
      if (input.msgtype === 'text') body = { content: input.content };
      else if (input.msgtype === 'menu_click') {
        msgtype = 'text';
        body = { content: lastMenuItem(input.external_userid, a.open_kfid, input.menu_id), menu_id: input.menu_id };
      } else if (input.msgtype === 'location') body = { latitude: input.latitude, longitude: input.longitude, name: input.name, address: input.address };
      else if (input.msgtype === 'link') body = { title: input.title, desc: input.desc, url: input.url, pic_url: input.pic_url };
      else body = { media_id: input.media_id ?? ctx.id('media_') };
      customer.lastActiveAt = ctx.now();
      const pair = getPair(state, a.open_kfid, input.external_userid);
      onCustomerMessage(ctx, a, pair);
      const entry = appendKf(ctx, a, { open_kfid: a.open_kfid, external_userid: input.external_userid, origin: 3, msgtype, [msgtype]: body });
      const s = currentState(ctx, pair);
      return { msgid: entry.msgid, service_state: s.state, servicer_userid: s.servicer_userid };
    },

    customerEnter(input: Out<typeof S.CustomerEnter>) {
      const a = account(input.open_kfid);
      const customer = ensureCustomer(state, input.external_userid, input.nickname);
      customer.lastActiveAt = ctx.now();
      customer.enterContext = { scene: input.scene, scene_param: input.scene_param };
      const pair = getPair(state, a.open_kfid, input.external_userid);
      const window = WECOM_LIMITS.sessionWindowMs;
      const eligible = (pair.lastWelcomeAt === null || ctx.now() - pair.lastWelcomeAt > window) && !withinWindow(ctx, pair);
      // WECOM.md §3.2: a native 欢迎语 set in the 微信客服 console goes out by itself and the event carries no welcome_code.
      if (eligible && a.nativeWelcome !== null) {
        pair.lastWelcomeAt = ctx.now();
        deliver(ctx, { msgid: ctx.id('sim_native_'), open_kfid: a.open_kfid, external_userid: input.external_userid, msgtype: 'text', content: { content: a.nativeWelcome }, sender: 'console' });
      }
      const welcome_code = eligible && a.nativeWelcome === null ? mintCode(ctx, 'welcome', a.open_kfid, input.external_userid) : undefined;
      const entry = appendEvent(ctx, a, {
        event_type: 'enter_session', external_userid: input.external_userid, scene: input.scene, scene_param: input.scene_param,
        ...(welcome_code ? { welcome_code } : {}),
      });
      return { msgid: entry.msgid, ...(welcome_code ? { welcome_code } : {}) };
    },

    /** Every customer's inbox, flattened (benchmarks read thousands of customers at once). */
    allInboxes(): InboxItem[] {
      return [...state.inbox.values()].flat();
    },

    inbox(input: Out<typeof S.InboxQuery>): InboxItem[] {
      const box = state.inbox.get(input.external_userid) ?? [];
      return input.open_kfid ? box.filter((m) => m.open_kfid === input.open_kfid) : [...box];
    },

    /** Resolves once the customer's inbox holds more than `after` items (`arrived`), or when `timeout_ms` passes. */
    async waitInbox(input: Out<typeof S.InboxWait>): Promise<{ arrived: boolean; count: number }> {
      const size = () => state.inbox.get(input.external_userid)?.length ?? 0;
      const arrived = await ctx.inboxWatch.until(input.external_userid, size, input.after, input.timeout_ms);
      return { arrived, count: size() };
    },

    agentReply(input: Out<typeof S.AgentReply>) {
      const a = account(input.open_kfid);
      const pair = getPair(state, a.open_kfid, input.external_userid);
      const s = currentState(ctx, pair);
      if (s.state !== 3 || s.servicer_userid !== input.userid) {
        throw new SimError(409, 'not_serving', `${input.userid} is not serving this customer (state ${s.state}, servicer "${s.servicer_userid}")`);
      }
      const [msgtype, body]: [string, Wire] = 'msgmenu' in input ? ['msgmenu', input.msgmenu] : ['text', { content: input.content }];
      const entry = appendKf(ctx, a, {
        open_kfid: a.open_kfid, external_userid: input.external_userid, servicer_userid: input.userid, origin: 5, msgtype, [msgtype]: body,
      });
      deliver(ctx, { msgid: entry.msgid, open_kfid: a.open_kfid, external_userid: input.external_userid, msgtype, content: body, sender: 'agent', servicer_userid: input.userid });
      return { msgid: entry.msgid };
    },

    agentSession(input: Out<typeof S.AgentSession>) {
      const a = account(input.open_kfid);
      const pair = getPair(state, a.open_kfid, input.external_userid);
      const cur = currentState(ctx, pair);
      const s = pair.session;
      const fail = (why: string): never => { throw new SimError(409, 'illegal_agent_action', why); };
      let change_type: 1 | 2 | 3 | 4;
      let newServicer = input.userid;
      let msg_code: string | undefined;
      if (input.action === 'take') {
        if (!s || cur.state !== 2) fail(`take needs a session waiting in the pool (state ${cur.state})`);
        wecomRule(() => assertReceiving(ctx, a, input.userid));
        change_type = 1;
        msg_code = mintCode(ctx, 'taken', a.open_kfid, input.external_userid);
      } else if (input.action === 'transfer') {
        if (!s || cur.state !== 3 || cur.servicer_userid !== input.userid) fail(`${input.userid} is not serving this customer`);
        newServicer = wecomRule(() => assertReceiving(ctx, a, input.to_userid));
        change_type = 2;
      } else if (input.action === 'end') {
        if (!s || cur.state !== 3 || cur.servicer_userid !== input.userid) fail(`${input.userid} is not serving this customer`);
        change_type = 3;
        newServicer = '';
        msg_code = mintCode(ctx, 'end', a.open_kfid, input.external_userid);
      } else {
        if (!s || cur.state !== 4 || !withinWindow(ctx, pair)) fail('reopen needs an ended session within 48 h of the customer\'s last message');
        wecomRule(() => assertReceiving(ctx, a, input.userid));
        change_type = 4;
      }
      if (!s) return fail('no session');
      s.state = change_type === 3 ? 4 : 3;
      s.servicer_userid = newServicer;
      s.endedAt = s.state === 4 ? ctx.now() : null;
      if (s.state === 3) s.gave3 = true;
      const entry = appendEvent(ctx, a, {
        event_type: 'session_status_change', external_userid: input.external_userid, change_type,
        old_servicer_userid: cur.servicer_userid, new_servicer_userid: newServicer, ...(msg_code ? { msg_code } : {}),
      });
      return { msgid: entry.msgid, service_state: s.state, ...(msg_code ? { msg_code } : {}) };
    },

    /**
     * The customer recalls one of their messages (WeChat allows it for 2 minutes): WeCom reports it through
     * sync_msg as event `user_recall_msg` with `recall_msgid` (doc 94670 「用户撤回消息事件」).
     */
    customerRecall(input: Out<typeof S.CustomerRecall>) {
      const a = account(input.open_kfid);
      const entry = a.log.find((e) => e.msgid === input.msgid);
      if (!entry || entry.item.origin !== 3 || entry.item.external_userid !== input.external_userid) {
        throw new SimError(404, 'unknown_message', `${input.external_userid} sent no message ${input.msgid} to ${a.open_kfid}`);
      }
      if (ctx.now() - entry.at > ctx.opts.unknowns.recallWindowMs) throw new SimError(409, 'recall_too_late', 'WeChat lets a message be recalled for 2 minutes only');
      const ev = appendEvent(ctx, a, { event_type: 'user_recall_msg', external_userid: input.external_userid, recall_msgid: input.msgid });
      return { msgid: ev.msgid };
    },

    /** An agent recalls a message they sent in the WeCom client: event `servicer_recall_msg` (doc 94670). */
    agentRecall(input: Out<typeof S.AgentRecall>) {
      const a = account(input.open_kfid);
      const entry = a.log.find((e) => e.msgid === input.msgid);
      if (!entry || entry.item.origin !== 5 || entry.item.servicer_userid !== input.userid || entry.item.external_userid !== input.external_userid) {
        throw new SimError(404, 'unknown_message', `${input.userid} sent no message ${input.msgid} to ${input.external_userid}`);
      }
      if (ctx.now() - entry.at > ctx.opts.unknowns.recallWindowMs) throw new SimError(409, 'recall_too_late', 'a message can be recalled for 2 minutes only');
      const seen = (state.inbox.get(input.external_userid) ?? []).find((m) => m.msgid === input.msgid);
      if (seen) seen.recalledAt = ctx.now();
      const ev = appendEvent(ctx, a, { event_type: 'servicer_recall_msg', external_userid: input.external_userid, servicer_userid: input.userid, recall_msgid: input.msgid });
      return { msgid: ev.msgid };
    },

    setServicerStatus(input: Out<typeof S.ServicerStatus>) {
      const member = state.members.get(input.userid);
      if (!member) throw new SimError(404, 'unknown_member', `no member ${input.userid}`);
      const changed = member.servicerStatus !== input.status;
      member.servicerStatus = input.status;
      const events: string[] = [];
      if (changed) {
        for (const a of state.accounts.values()) {
          if (!a.servicers.includes(input.userid)) continue;
          const ev = input.status === 'receiving' ? { status: 1 } : { status: 2, stop_type: input.status === 'paused' ? 1 : 0 };
          events.push(appendEvent(ctx, a, { event_type: 'servicer_status_change', servicer_userid: input.userid, ...ev }).msgid);
        }
      }
      return { changed, msgids: events };
    },

    recordCheckin(input: Out<typeof S.CheckinInput>) {
      if (!state.members.has(input.userid)) throw new SimError(404, 'unknown_member', `no member ${input.userid}`);
      const checkin_time = input.checkin_time ?? ctx.nowSec();
      state.checkins.push({
        userid: input.userid, groupname: input.groupname, checkin_type: input.checkin_type, exception_type: input.exception_type,
        checkin_time, location_title: input.location_title, location_detail: input.location_detail, wifiname: '', notes: input.notes,
        wifimac: '', mediaids: [], sch_checkin_time: input.sch_checkin_time ?? checkin_time, groupid: 1, schedule_id: 0, timeline_id: 0,
      });
      return { count: state.checkins.length };
    },

    mintOauthCode(input: Out<typeof S.OauthCode>) {
      if ('userid' in input && !state.members.has(input.userid)) throw new SimError(404, 'unknown_member', `no member ${input.userid}`);
      const code = ctx.secret('', 24);
      state.oauthCodes.set(code, { ...input, expiresAt: ctx.now() + WECOM_LIMITS.oauthCodeTtlMs, used: false });
      return { code };
    },

    scanContactWay(input: Out<typeof S.ContactWayScan>) {
      const way = state.contactWays.get(input.config_id);
      if (!way) throw new SimError(404, 'unknown_config_id', `no contact way ${input.config_id}`);
      const pick = ctx.opts.unknowns.contactWayPick;
      const idx = pick === 'first' ? 0 : pick === 'random' ? Math.floor(ctx.rand() * way.user.length) : way.rr++ % Math.max(1, way.user.length);
      const userid = way.user[idx];
      if (!userid) throw new SimError(409, 'no_user', 'the contact way has no member');
      const contact = state.externalContacts.get(input.external_userid) ?? { external_userid: input.external_userid, name: input.name, follow: [] };
      contact.follow = contact.follow.filter((f) => f.userid !== userid);
      contact.follow.push({ userid, createtime: ctx.nowSec(), state: way.state, config_id: way.config_id });
      state.externalContacts.set(input.external_userid, contact);
      return { userid, state: way.state };
    },

    setFaults(input: Out<typeof S.FaultsInput>) {
      if (input.revokeTokens) for (const t of state.tokens.values()) t.revoked = true;
      ctx.faults.apply(input);
      return ctx.faults.settings;
    },
    clearFaults() {
      ctx.faults.clear();
    },

    /**
     * Standalone: moves the simulator's own offset either way. Embedded (demo and test mode): moves the clock the
     * simulator shares with the product, forward only, and answers once the product has caught up.
     */
    async setClock(input: Out<typeof S.ClockInput>) {
      const shared = ctx.opts.sharedClock;
      if (!shared) {
        state.clockOffsetMs = 'advanceMs' in input ? state.clockOffsetMs + input.advanceMs : input.offsetMs;
        return { now: ctx.now(), offsetMs: state.clockOffsetMs };
      }
      const ms = 'advanceMs' in input ? input.advanceMs : input.offsetMs - shared.offsetMs;
      if (ms < 0) {
        throw new SimError(409, 'clock_backward', `the simulator shares the product's clock here, which only moves forward (asked to move ${ms} ms)`);
      }
      try {
        await shared.advance(ms);
      } catch (e) {
        throw new SimError(400, 'clock_refused', e instanceof Error ? e.message : String(e));
      }
      return { now: ctx.now(), offsetMs: shared.offsetMs };
    },

    /** Callbacks still being delivered (including retries). */
    callbacksInFlight: () => ctx.callbacks.inFlight,

    setCallback(input: Out<typeof S.CallbackConfig>) {
      const cb = ctx.opts.callback;
      if (input.url !== undefined) {
        delete cb.urls; // one address again, as before
        if (input.url === null) delete cb.url;
        else cb.url = input.url;
      }
      if (input.urls) cb.urls = input.urls;
      if (input.token) cb.token = input.token;
      if (input.encodingAESKey) cb.encodingAESKey = input.encodingAESKey;
      return { url: cb.url ?? null, ...(cb.urls ? { urls: cb.urls } : {}) };
    },

    setApiMode(input: Out<typeof S.AccountMode>) {
      account(input.open_kfid).apiMode = input.apiMode;
      return { open_kfid: input.open_kfid, apiMode: input.apiMode };
    },

    /** Console settings of one 微信客服 account: 通过API管理, a native 欢迎语, reception configured in the console. */
    setAccountSettings(input: Out<typeof S.AccountSettings>) {
      const a = account(input.open_kfid);
      if (input.apiManaged !== undefined) a.apiManaged = input.apiManaged;
      if (input.nativeWelcome !== undefined) a.nativeWelcome = input.nativeWelcome;
      if (input.consoleReception !== undefined) a.consoleReception = input.consoleReception;
      return { open_kfid: a.open_kfid, apiManaged: a.apiManaged, nativeWelcome: a.nativeWelcome, consoleReception: a.consoleReception };
    },

    /** The corp's permission settings and system-app secrets (a corp created before or after 2023-12-01). */
    setCorp(input: Out<typeof S.CorpInput>) {
      const { secrets, callable, ...rest } = input;
      Object.assign(state.corp, rest);
      Object.assign(state.corp.callable, callable ?? {});
      for (const [k, v] of Object.entries(secrets ?? {})) {
        const kind = k as keyof typeof state.secrets;
        if (v === null) delete state.secrets[kind];
        else state.secrets[kind] = v;
      }
      return { corp: structuredClone(state.corp), secrets: Object.keys(state.secrets) };
    },

    setMember(input: Out<typeof S.MemberInput>) {
      const member = state.members.get(input.userid);
      if (!member) throw new SimError(404, 'unknown_member', `no member ${input.userid}`);
      member.activated = input.activated;
      return { userid: member.userid, activated: member.activated };
    },

    verifyCallback: (url?: string) => ctx.callbacks.verify(url),
    waitCallbacks: () => ctx.callbacks.idle(),
    /** Abort callback deliveries in flight and their retries. */
    stopCallbacks: () => ctx.callbacks.shutdown(),
    snapshot: () => snapshot(ctx),

    async reset() {
      await ctx.callbacks.idle();
      resetState(state, ctx.opts);
      ctx.faults.clear();
    },
  };
}

export type SimControl = ReturnType<typeof createControl>;
