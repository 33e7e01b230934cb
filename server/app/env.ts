/**
 * @module Configuration, parsed once with zod. The only reader of `process.env`: everything else gets
 * the parsed `Config`. Without `WECOM_SECRET` Moonshift runs in demo mode against the local simulator.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { z } from 'zod';

const DEMO = {
  corpId: 'wwmoonshiftdemo01',
  callbackToken: 'moonshiftDemoToken',
  encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  sessionSecret: 'moonshift-demo-session-secret-not-for-production',
  adminUserid: 'wangwu',
  /** The demo corp's app secret (WECOM_SECRET unset). */
  secret: 'demo-secret',
  /** The demo corp's 通讯录同步 secret (the embedded simulator knows it as such). */
  contactSecret: 'demo-contact-secret',
} as const;

const port = z.coerce.number().int().min(0).max(65535);
const optional = z.string().trim().min(1).optional();

/** `10.0.0.0/8`, `192.168.1.5`, `::1`, `fd00::/8` … */
function isCidr(v: string): boolean {
  const [addr = '', prefix, extra] = v.split('/');
  if (extra !== undefined) return false;
  const max = isIPv4(addr) ? 32 : isIPv6(addr) ? 128 : -1;
  return max > 0 && (prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= max));
}
const CidrList = z.string().default('').transform((v) => v.split(/[,\s]+/).filter(Boolean))
  .refine((l) => l.every(isCidr), 'TRUSTED_PROXIES must be IP addresses or CIDR ranges, comma separated (e.g. 10.0.0.0/8,127.0.0.1)');
const isLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);

const EnvSchema = z.object({
  PORT: port.default(8787),
  HOST: z.string().default('127.0.0.1'),
  /** Proxies whose X-Forwarded-For is believed (CIDRs); without it the client address is the TCP peer's. */
  TRUSTED_PROXIES: CidrList,
  /** `1`: run the demo on purpose even where production variables are set or on a non-loopback HOST. */
  MOONSHIFT_DEMO: z.enum(['0', '1']).optional(),
  PUBLIC_BASE_URL: z.url().optional(),
  DATABASE_PATH: z.string().min(1).default('data/moonshift.db'),
  /** PostgreSQL instead of the SQLite file (several instances share one database): postgres://user:password@host:port/db */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'DATABASE_URL must be a postgres:// URL').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WECOM_CORP_ID: optional,
  WECOM_SECRET: optional,
  WECOM_CONTACT_SECRET: optional,
  WECOM_EXTERNAL_CONTACT_SECRET: optional,
  WECOM_CHECKIN_SECRET: optional,
  WECOM_AGENT_ID: z.coerce.number().int().positive().optional(),
  WECOM_CALLBACK_TOKEN: optional,
  WECOM_ENCODING_AES_KEY: z.string().regex(/^[A-Za-z0-9]{43}$/, 'WECOM_ENCODING_AES_KEY must be 43 letters or digits').optional(),
  WECOM_API_BASE: z.url().default('https://qyapi.weixin.qq.com'),
  WECOM_OAUTH_BASE: z.url().default('https://open.weixin.qq.com'),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  ADMIN_USERIDS: z.string().default(''),
  SIM_PORT: port.default(8788),
  WEB_DIST: z.string().default('dist/web'),
  /** Demo mode only: start the clock at this instant (e.g. a holiday) and let it run from there. */
  DEMO_TIME: z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'DEMO_TIME must be an ISO-8601 instant').optional(),
  TIMER_MAX_LATENESS_MS: z.coerce.number().int().positive().default(300_000),
  /** First pause before the HTTP layer retries a busy/rate-limited WeCom call (doubles each time). */
  WECOM_RETRY_BACKOFF_MS: z.coerce.number().int().min(0).default(250),
  /** An account whose last kf/sync_msg pull is older than this gets a catch-up pull (bounds a lost callback). */
  INBOUND_CATCH_UP_MS: z.coerce.number().int().min(1_000).default(60_000),
  TENCENT_SMS_SECRET_ID: optional,
  TENCENT_SMS_SECRET_KEY: optional,
  TENCENT_SMS_SDK_APP_ID: optional,
  TENCENT_SMS_SIGN_NAME: optional,
  TENCENT_SMS_TEMPLATE_ID: optional,
  TENCENT_SMS_REGION: z.string().default('ap-guangzhou'),
  TENCENT_SMS_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
});

export interface Config {
  mode: 'demo' | 'live';
  port: number;
  host: string;
  /** CIDRs of reverse proxies whose X-Forwarded-For is believed. */
  trustedProxies: string[];
  publicBaseUrl: string | undefined;
  databasePath: string;
  /** PostgreSQL (DATABASE_URL) instead of the SQLite file at `databasePath`. */
  databaseUrl: string | undefined;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  webDist: string;
  /** Demo time travel: the instant the clock starts at (demo mode only). */
  demoTime: number | undefined;
  simPort: number;
  adminUserids: string[];
  sessionSecret: string;
  /** A timer found later than this is reported instead of run. */
  timerMaxLatenessMs: number;
  inboundCatchUpMs: number;
  wecomRetryBackoffMs: number;
  /** Tencent Cloud SMS for duty-manager alerts; undefined = disabled. */
  sms: { secretId: string; secretKey: string; sdkAppId: string; signName: string; templateId: string; region: string; endpoint?: string | undefined } | undefined;
  wecom: {
    corpId: string;
    agentId: number;
    apiBase: string;
    oauthBase: string;
    callbackToken: string;
    encodingAESKey: string;
    /**
     * contact: the 通讯录同步 secret, the only one WeCom lets call user/update (undefined in live mode when unset: the
     * profile card is then off and the doctor says so); external / checkin: the 客户联系 / 打卡 secrets of corps created
     * before 2023-12-01, else the app's own secret (the app listed in those consoles' 「可调用应用」).
     */
    secrets: { main: string; contact: string | undefined; external: string; checkin: string };
  };
}

export class ConfigError extends Error {}

/** Parses an environment (normally `process.env`) into a `Config`, or throws a `ConfigError` naming every bad variable. */
export function parseEnv(env: Record<string, string | undefined>): Config {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(blanksRemoved);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const mode = e.WECOM_SECRET ? 'live' : 'demo';
  if (mode === 'live') {
    if (e.MOONSHIFT_DEMO === '1') throw new ConfigError('MOONSHIFT_DEMO=1 and WECOM_SECRET are both set: unset one (demo mode runs without WECOM_SECRET)');
    const missing = (['WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_CALLBACK_TOKEN', 'WECOM_ENCODING_AES_KEY', 'SESSION_SECRET', 'PUBLIC_BASE_URL'] as const)
      .filter((k) => e[k] === undefined);
    if (missing.length > 0) throw new ConfigError(`live mode (WECOM_SECRET is set) also needs: ${missing.join(', ')} (see "Connecting a real WeCom corp" in the README)`);
  } else if (e.MOONSHIFT_DEMO !== '1') {
    // Demo mode signs sessions with a public secret: never let a production host fall into it by a missing secret.
    const production = (['PUBLIC_BASE_URL', 'SESSION_SECRET'] as const).filter((k) => e[k] !== undefined);
    if (production.length > 0) {
      throw new ConfigError(`WECOM_SECRET is not set but ${production.join(' and ')} ${production.length > 1 ? 'are' : 'is'}: `
        + 'this looks like a production host that lost its WeCom secret, so Moonshift refuses to start in demo mode. '
        + 'Set WECOM_SECRET (live mode), or MOONSHIFT_DEMO=1 to run the demo on purpose.');
    }
    if (!isLoopback(e.HOST)) {
      throw new ConfigError(`demo mode listens on loopback only (HOST=${e.HOST}): its sessions use a public secret. Set MOONSHIFT_DEMO=1 to expose the demo on purpose.`);
    }
  }
  const main = e.WECOM_SECRET ?? DEMO.secret;
  return {
    mode,
    port: e.PORT,
    host: e.HOST,
    trustedProxies: e.TRUSTED_PROXIES,
    publicBaseUrl: e.PUBLIC_BASE_URL,
    databasePath: e.DATABASE_PATH,
    databaseUrl: e.DATABASE_URL,
    logLevel: e.LOG_LEVEL,
    webDist: e.WEB_DIST,
    demoTime: mode === 'demo' && e.DEMO_TIME ? Date.parse(e.DEMO_TIME) : undefined,
    simPort: e.SIM_PORT,
    // demo mode: the demo corp's 王五 is an admin unless ADMIN_USERIDS says otherwise, so /admin/ works out of the box
    adminUserids: (e.ADMIN_USERIDS || (mode === 'demo' ? DEMO.adminUserid : '')).split(/[,|\s]+/).filter(Boolean),
    sessionSecret: e.SESSION_SECRET ?? DEMO.sessionSecret,
    timerMaxLatenessMs: e.TIMER_MAX_LATENESS_MS,
    inboundCatchUpMs: e.INBOUND_CATCH_UP_MS,
    wecomRetryBackoffMs: e.WECOM_RETRY_BACKOFF_MS,
    sms: e.TENCENT_SMS_SECRET_ID && e.TENCENT_SMS_SECRET_KEY && e.TENCENT_SMS_SDK_APP_ID && e.TENCENT_SMS_SIGN_NAME && e.TENCENT_SMS_TEMPLATE_ID
      ? { secretId: e.TENCENT_SMS_SECRET_ID, secretKey: e.TENCENT_SMS_SECRET_KEY, sdkAppId: e.TENCENT_SMS_SDK_APP_ID,
        signName: e.TENCENT_SMS_SIGN_NAME, templateId: e.TENCENT_SMS_TEMPLATE_ID, region: e.TENCENT_SMS_REGION, endpoint: e.TENCENT_SMS_ENDPOINT }
      : undefined,
    wecom: {
      corpId: e.WECOM_CORP_ID ?? DEMO.corpId,
      agentId: e.WECOM_AGENT_ID ?? 1000002,
      apiBase: e.WECOM_API_BASE,
      oauthBase: e.WECOM_OAUTH_BASE,
      callbackToken: e.WECOM_CALLBACK_TOKEN ?? DEMO.callbackToken,
      encodingAESKey: e.WECOM_ENCODING_AES_KEY ?? DEMO.encodingAESKey,
      secrets: {
        main,
        contact: e.WECOM_CONTACT_SECRET ?? (mode === 'demo' ? DEMO.contactSecret : undefined),
        external: e.WECOM_EXTERNAL_CONTACT_SECRET ?? main,
        checkin: e.WECOM_CHECKIN_SECRET ?? main,
      },
    },
  };
}

/** `npm run sim`: the standalone simulator's configuration — the product's own WeCom variables, so the two agree. */
export interface SimConfig {
  port: number;
  host: string;
  corpId: string;
  corpSecret: string;
  contactSecret: string | undefined;
  /** gettoken's `expires_in` (SIM_TOKEN_TTL_S; unset: WeCom's 7200 s). */
  tokenTtlMs: number | undefined;
  agentId: number;
  callbackToken: string;
  encodingAESKey: string;
  /** Where callbacks go (each attempt to the next, like a load balancer); empty = none until `POST /sim/callback`. */
  callbackUrls: string[];
}

const SimEnvSchema = z.object({
  SIM_PORT: port.default(8788),
  SIM_HOST: z.string().default('127.0.0.1'),
  SIM_CALLBACK_URLS: z.string().default('').transform((v, ctx) => {
    const urls = v.split(',').map((u) => u.trim()).filter(Boolean);
    for (const u of urls) if (!z.url({ protocol: /^https?$/ }).safeParse(u).success) ctx.addIssue({ code: 'custom', message: `not an http(s) URL: ${u}` });
    return urls;
  }),
  WECOM_CORP_ID: optional,
  WECOM_SECRET: optional,
  WECOM_CONTACT_SECRET: optional,
  WECOM_AGENT_ID: z.coerce.number().int().positive().optional(),
  WECOM_CALLBACK_TOKEN: optional,
  WECOM_ENCODING_AES_KEY: EnvSchema.shape.WECOM_ENCODING_AES_KEY,
  SIM_TOKEN_TTL_S: z.coerce.number().int().min(1).optional(),
});

/** Parses the standalone simulator's environment; unset WeCom variables fall back to the demo corp's values. */
export function parseSimEnv(env: Record<string, string | undefined>): SimConfig {
  const parsed = SimEnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')));
  if (!parsed.success) {
    throw new ConfigError(`invalid simulator configuration:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.SIM_PORT,
    host: e.SIM_HOST,
    corpId: e.WECOM_CORP_ID ?? DEMO.corpId,
    corpSecret: e.WECOM_SECRET ?? DEMO.secret,
    contactSecret: e.WECOM_CONTACT_SECRET ?? (e.WECOM_SECRET ? undefined : DEMO.contactSecret),
    tokenTtlMs: e.SIM_TOKEN_TTL_S === undefined ? undefined : e.SIM_TOKEN_TTL_S * 1000,
    agentId: e.WECOM_AGENT_ID ?? 1000002,
    callbackToken: e.WECOM_CALLBACK_TOKEN ?? DEMO.callbackToken,
    encodingAESKey: e.WECOM_ENCODING_AES_KEY ?? DEMO.encodingAESKey,
    callbackUrls: e.SIM_CALLBACK_URLS,
  };
}
