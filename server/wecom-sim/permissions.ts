/**
 * @module Who may call what, as WeCom enforces it. Every access token remembers the secret that minted it (its
 * *kind*); `permissionGuard` checks each `/cgi-bin/*` call against the corp's settings before the route runs.
 *
 * Sources (developer.work.weixin.qq.com, document paths; WECOM.md §4 and §6 for the errcodes):
 * - doc 90197 更新成员 (user/update): 「仅通讯录同步助手或第三方通讯录应用可调用」; the corp must turn on
 *   「API编辑通讯录」 and list the caller's IP as 企业可信IP (else 60020 "not allow to access from your ip").
 * - doc 94661 / 94689 / 94690 微信客服 账号管理, 权限说明: a self-built app must be 「配置到『微信客服-可调用接口的应用』中」;
 *   「只能通过API管理企业指定的客服账号 … 在管理后台"微信客服-通过API管理微信客服账号"处设置」; account/list answers
 *   `manage_privilege` per account; 「从2023年12月1日0点起，不再支持通过系统应用secret调用接口，存量企业暂不受影响」.
 *   95017 (「基础应用权限下，api开关处于关闭状态」, WECOM.md §6) is what such an account or app gets.
 * - doc 90262 获取打卡记录数据 and doc 92228 客户联系「联系我」: the 打卡 / 客户联系 secret, or — for corps created after
 *   2023-12-01, which get no such secret — the app added to 「打卡 → 可调用接口的应用」 / 客户联系「可调用应用」.
 * Refusals without an errcode of their own answer 48002 (api forbidden), WeCom's errcode for an API the caller may not use.
 */
import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { SimContext } from './context';
import { wxBody } from './wx';

/** The day WeCom stopped issuing system-app secrets (打卡, 客户联系, 微信客服) to new corps. */
export const SYSTEM_SECRET_CUTOFF = '2023-12-01';

export const SECRET_KINDS = ['contact', 'checkin', 'externalcontact', 'kf'] as const;
export type SystemSecretKind = (typeof SECRET_KINDS)[number];
/** `app`: the self-built Moonshift app's own secret (`corpSecret`). */
export type TokenKind = 'app' | SystemSecretKind;

export const SystemSecrets = z.object({
  contact: z.string().min(1).optional(),
  checkin: z.string().min(1).optional(),
  externalcontact: z.string().min(1).optional(),
  kf: z.string().min(1).optional(),
}).strict().default({});

export const CorpSettings = z.object({
  /** ISO date the corp was created; before 2023-12-01 its 打卡 / 客户联系 / 微信客服 system secrets still work. */
  createdAt: z.iso.date().default('2024-03-01'),
  /** The Moonshift app is listed in each console's 「可调用接口的应用」 / 「可调用应用」. */
  callable: z.object({
    kf: z.boolean().default(true),
    checkin: z.boolean().default(true),
    externalcontact: z.boolean().default(true),
  }).prefault({}),
  /** 通讯录同步: 「API编辑通讯录」 on (off: the contacts secret can only read). */
  contactsApiEdit: z.boolean().default(true),
  /** The server's IP is listed as 企业可信IP (off: directory writes answer 60020). */
  trustedIp: z.boolean().default(true),
});
export type CorpSettingsInput = z.input<typeof CorpSettings>;
export type Corp = z.output<typeof CorpSettings>;

export function hasSystemSecrets(corp: Corp): boolean {
  return corp.createdAt < SYSTEM_SECRET_CUTOFF;
}

/** Which kind a secret is, or undefined when the corp has no such secret (gettoken then answers 40001). */
export function secretKind(ctx: SimContext, secret: string): TokenKind | undefined {
  if (secret === ctx.opts.corpSecret) return 'app';
  const kind = SECRET_KINDS.find((k) => ctx.state.secrets[k] === secret);
  if (!kind) return undefined;
  // A corp created on or after 2023-12-01 was never issued these: whatever was typed is not a secret of this corp.
  if (kind !== 'contact' && !hasSystemSecrets(ctx.state.corp)) return undefined;
  return kind;
}

type Refusal = { errcode: number; detail: string } | null;

const forbidden = (detail: string): Refusal => ({ errcode: 48002, detail });

/** The rule for one API path and one token kind; null = allowed. */
export function refusal(corp: Corp, api: string, kind: TokenKind): Refusal {
  if (api === 'user/update') {
    if (kind !== 'contact') return forbidden('user/update needs the 通讯录同步 secret (doc 90197)');
    if (!corp.contactsApiEdit) return forbidden('通讯录同步 is read-only: turn on 「API编辑通讯录」');
    if (!corp.trustedIp) return { errcode: 60020, detail: 'the caller is not a 企业可信IP' };
    return null;
  }
  if (api === 'user/get') return kind === 'app' || kind === 'contact' ? null : forbidden('user/get needs the app or the 通讯录 secret');
  if (api.startsWith('checkin/')) {
    if (kind === 'checkin' || (kind === 'app' && corp.callable.checkin)) return null;
    return forbidden('add the app to 打卡 → 可调用接口的应用 (doc 90262)');
  }
  if (api.startsWith('externalcontact/')) {
    if (kind === 'externalcontact' || (kind === 'app' && corp.callable.externalcontact)) return null;
    return forbidden('add the app to 客户联系 → 可调用应用 (doc 92228)');
  }
  if (api.startsWith('kf/')) {
    if (kind === 'kf' || (kind === 'app' && corp.callable.kf)) return null;
    return { errcode: 95017, detail: 'the app is not in 微信客服 → 可调用接口的应用 (doc 94661)' };
  }
  // message/send, JS-SDK tickets, OAuth: the self-built app's own identity.
  return kind === 'app' ? null : forbidden(`${api} needs the app's own secret`);
}

/** Runs after the token guard: the token is known and live. */
export function permissionGuard(ctx: SimContext): MiddlewareHandler {
  return async function checkPermission(c, next) {
    if (c.req.path === '/cgi-bin/gettoken') return next();
    const token = ctx.state.tokens.get(c.req.query('access_token') ?? '');
    if (!token) return next();
    const no = refusal(ctx.state.corp, c.req.path.slice('/cgi-bin/'.length), token.kind);
    if (no) return c.json(wxBody(no.errcode, no.detail));
    await next();
  };
}
