/**
 * @module Simulator options: zod schema, seeded demo data and every default in one place.
 * Figures WECOM.md marks **unknown** are settings here (see `UNKNOWN_DEFAULTS`), never hard-coded rules.
 */
import { z } from 'zod';
import { CorpSettings, SystemSecrets } from './permissions';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Documented WeCom lifetimes and limits (WECOM.md). */
export const WECOM_LIMITS = {
  tokenTtlMs: 7200 * SECOND,
  ticketTtlMs: 7200 * SECOND,
  sessionWindowMs: 48 * HOUR,
  retentionMs: 3 * DAY,
  oauthCodeTtlMs: 5 * MINUTE,
  msgTokenTtlMs: 10 * MINUTE,
  welcomeCodeTtlMs: 20 * SECOND,
  endCodeTtlMs: 20 * SECOND,
  poolCodeTtlMs: 48 * HOUR,
  sendQuotaPerCustomerMsg: 5,
  maxMenuItems: 10,
  maxTextBytes: 2048,
  syncMaxLimit: 1000,
  appMsgPerMemberPerMinute: 30,
  appMsgPerMemberPerHour: 1000,
  checkinMaxSpanMs: 30 * DAY,
  callbackTimeoutMs: 5 * SECOND,
  /** The GET echostr handshake must be answered within 1 s. */
  urlVerifyTimeoutMs: 1 * SECOND,
  callbackAttempts: 3,
} as const;

/**
 * Defaults for figures WeCom does not publish (WECOM.md "unknown"). Chosen to be strict enough to
 * exercise a careful client, and all overridable through `options.unknowns`.
 */
export const UNKNOWN_DEFAULTS = {
  /** Pause between callback attempts (WeCom: unknown). */
  callbackRetryIntervalMs: 1000,
  /** sync_msg calls without `token` allowed per open_kfid per minute before 45009 (WeCom: "strict"). */
  syncWithoutTokenPerMinute: 10,
  /** get_jsapi_ticket: documented 400/h per corp (kept settable). */
  jsapiTicketPerHour: 400,
  /** ticket/get?type=agent_config per hour: unknown; WeCom's 100/h per-app figure for the corp ticket is reused. */
  agentTicketPerHour: 100,
  /** Duplicate send_msg msgid: 'reject' answers `duplicateMsgidErrcode`, 'idempotent' returns the msgid again without a second delivery. */
  duplicateMsgid: 'reject' as 'reject' | 'idempotent',
  duplicateMsgidErrcode: 40058,
  /** How a multi-user 联系我 code picks the member a scanning customer reaches. */
  contactWayPick: 'round_robin' as 'first' | 'round_robin' | 'random',
  /** user/update external_attr names that exist in the admin console; null = every name exists. */
  externalAttrNames: null as string[] | null,
  /** send_msg_on_event with a msg_code whose session has left the state that issued it (WeCom publishes no errcode). */
  codeStateErrcode: 95007,
  /** How long after sending a customer may recall a message (WeChat's 2-minute recall limit). */
  recallWindowMs: 2 * MINUTE,
} as const;

const Servicer = z.object({
  userid: z.string(),
  /** 接待中 (receiving) / 停止接待 (stopped) / 暂时挂起 (paused). */
  status: z.enum(['receiving', 'stopped', 'paused']).default('receiving'),
});

const KfAccount = z.object({
  open_kfid: z.string().regex(/^wk[0-9A-Za-z_-]{6,62}$/, 'open_kfid must look like wk…'),
  name: z.string(),
  avatar: z.string().default(''),
  apiMode: z.boolean().default(true),
  /** Switched to 「通过API管理」 for the Moonshift app (account/list `manage_privilege`); off → 95017 on account calls. */
  apiManaged: z.boolean().default(true),
  /** A native 欢迎语 set in the 微信客服 console (its text): WeCom sends it itself and enter_session carries no welcome_code. */
  nativeWelcome: z.string().min(1).nullable().default(null),
  /** 接待人员 configured in the console (e.g. 专属服务): servicer/add|del answer 95015. */
  consoleReception: z.boolean().default(false),
  servicers: z.array(Servicer).default([]),
});

const Member = z.object({
  userid: z.string().min(1),
  name: z.string(),
  /** Has joined WeCom (user/get status 1); a non-activated servicer cannot take a session (95014). */
  activated: z.boolean().default(true),
});
const Customer = z.object({
  external_userid: z.string().min(1),
  nickname: z.string(),
  avatar: z.string().default(''),
  gender: z.number().int().min(0).max(2).default(0),
  unionid: z.string().default(''),
});

export const DEFAULT_SEED = {
  accounts: [{
    open_kfid: 'wkMoonshiftDemo01', name: 'Moonshift 客服', avatar: '', apiMode: true,
    apiManaged: true, nativeWelcome: null, consoleReception: false,
    servicers: [
      { userid: 'zhangsan', status: 'receiving' as const },
      { userid: 'lisi', status: 'receiving' as const },
      { userid: 'wangwu', status: 'stopped' as const },
    ],
  }],
  members: [
    { userid: 'zhangsan', name: '张三', activated: true },
    { userid: 'lisi', name: '李四', activated: true },
    { userid: 'wangwu', name: '王五', activated: true },
  ],
  customers: [
    { external_userid: 'wmDemoCustomer0001', nickname: '小明', avatar: '', gender: 1, unionid: '' },
    { external_userid: 'wmDemoCustomer0002', nickname: '小红', avatar: '', gender: 2, unionid: '' },
  ],
};

/** The product's clock control as the simulator sees it (structural: the simulator imports nothing of the product). */
export interface SharedClock {
  /** Moves the shared clock forward by `ms`; resolves when everything due has been processed. */
  advance(ms: number): Promise<unknown>;
  /** Total ms the shared clock has been moved. */
  readonly offsetMs: number;
}

export const SimOptionsSchema = z.object({
  corpId: z.string().min(1).default('wwMoonshiftSimCorp'),
  corpSecret: z.string().min(1).default('sim-corp-secret'),
  /**
   * System-app secrets by kind: `contact` (通讯录同步), `checkin` (打卡), `externalcontact` (客户联系), `kf` (微信客服).
   * The last three exist only in corps created before 2023-12-01 (see `corp.createdAt`).
   */
  secrets: SystemSecrets,
  /** Who may call what (see permissions.ts); the default is a corp created in 2024 set up as the README says. */
  corp: CorpSettings.prefault({}),
  agentId: z.number().int().default(1000002),
  /**
   * Lifetime of an access token (gettoken's `expires_in`): WeCom's is normally 7200 s and the client must go by
   * `expires_in` (doc 91039), so tests may shorten it to see a client refresh.
   */
  tokenTtlMs: z.number().int().min(1000).default(WECOM_LIMITS.tokenTtlMs),
  callback: z.object({
    url: z.string().url().optional(),
    /**
     * Several instances of the product behind one callback address: every delivery attempt goes to the next URL
     * in turn, the way a load balancer spreads WeCom's callbacks (a retry may land on another instance). When set,
     * it takes the place of `url`.
     */
    urls: z.array(z.string().url()).min(1).optional(),
    token: z.string().min(1).default('MoonshiftSimToken'),
    encodingAESKey: z.string().length(43).default('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'),
    timeoutMs: z.number().int().positive().default(WECOM_LIMITS.callbackTimeoutMs),
    attempts: z.number().int().min(1).max(10).default(WECOM_LIMITS.callbackAttempts),
  }).prefault({}),
  now: z.custom<() => number>((v) => typeof v === 'function').default(() => Date.now),
  /**
   * Embedded in the product (demo and test mode): `now` is the product's clock and `/sim/clock` moves that shared
   * clock forward (the product catches up before the call answers) instead of the simulator's own offset.
   */
  sharedClock: z.custom<SharedClock>((v) => typeof v === 'object' && v !== null && 'advance' in v).optional(),
  seed: z.object({
    accounts: z.array(KfAccount).default(DEFAULT_SEED.accounts),
    members: z.array(Member).default(DEFAULT_SEED.members),
    customers: z.array(Customer).default(DEFAULT_SEED.customers),
  }).prefault({}),
  unknowns: z.object({
    callbackRetryIntervalMs: z.number().int().min(0).default(UNKNOWN_DEFAULTS.callbackRetryIntervalMs),
    syncWithoutTokenPerMinute: z.number().int().min(0).default(UNKNOWN_DEFAULTS.syncWithoutTokenPerMinute),
    jsapiTicketPerHour: z.number().int().min(0).default(UNKNOWN_DEFAULTS.jsapiTicketPerHour),
    agentTicketPerHour: z.number().int().min(0).default(UNKNOWN_DEFAULTS.agentTicketPerHour),
    duplicateMsgid: z.enum(['reject', 'idempotent']).default(UNKNOWN_DEFAULTS.duplicateMsgid),
    duplicateMsgidErrcode: z.number().int().default(UNKNOWN_DEFAULTS.duplicateMsgidErrcode),
    contactWayPick: z.enum(['first', 'round_robin', 'random']).default(UNKNOWN_DEFAULTS.contactWayPick),
    externalAttrNames: z.array(z.string()).nullable().default(UNKNOWN_DEFAULTS.externalAttrNames),
    codeStateErrcode: z.number().int().default(UNKNOWN_DEFAULTS.codeStateErrcode),
    recallWindowMs: z.number().int().min(0).default(UNKNOWN_DEFAULTS.recallWindowMs),
  }).prefault({}),
  /** Seed of the deterministic PRNG used by fault injection and contact-way 'random' pick. */
  randomSeed: z.number().int().default(20240601),
  /** Prefix of the simulator's ids (msgids, codes, tokens) so ids never repeat across restarts. */
  idPrefix: z.string().regex(/^[0-9A-Za-z]{0,12}$/).optional(),
});

export type SimOptions = z.input<typeof SimOptionsSchema>;
export type ResolvedOptions = z.output<typeof SimOptionsSchema>;
export type SeedAccount = z.output<typeof KfAccount>;

export function resolveOptions(input: SimOptions = {}): ResolvedOptions {
  const parsed = SimOptionsSchema.safeParse(input);
  if (!parsed.success) throw new Error(`invalid simulator options: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export const TIME = { SECOND, MINUTE, HOUR, DAY } as const;
