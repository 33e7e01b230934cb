/**
 * @module The one table of WeCom errcodes: how each is retried — the class every worker, the HTTP client and the
 * job runner's retry policy read — and what it means in plain Chinese and English (decision view, diagnostics).
 * - retry later (`transient`): -1 (system busy / network), 45009 (api freq out of limit), 45033 (concurrency)
 * - refresh the access token and retry (`token`): 40014 (invalid), 42001 (expired), 41001 (missing)
 * - the session's state forbids it (`session`: 95018, 95013): ask WeCom for the state and decide again
 * - this person cannot receive now (`receiver`: 95019, 95014): try the next candidate
 * - illegal state move (`illegal_move`: 95016): the move may already have happened (a retry after a crash)
 * - anything else is final (`permanent`): a retry would fail the same way (permissions, quota, bad input …)
 * WeCom's global errcode list: https://developer.work.weixin.qq.com/document/path/90313 ; WECOM.md §6.
 */
import type { RetryPolicy } from '../../core/ports/jobs';

export type WecomErrorClass = 'token' | 'transient' | 'session' | 'receiver' | 'illegal_move' | 'permanent';

export interface ErrcodeInfo {
  class: WecomErrorClass;
  zh: string;
  en: string;
  /**
   * On a retry of the same request, this code is WeCom's answer to a msgid it already accepted: the send
   * went through before (WeCom publishes no code for a duplicate msgid; the simulator answers 40058).
   */
  duplicateOnRetry?: boolean;
}

export const WECOM_ERRCODES: Readonly<Record<number, ErrcodeInfo>> = {
  [-1]: { class: 'transient', zh: '企业微信系统繁忙或网络不通', en: 'WeCom busy or unreachable' },
  40001: { class: 'permanent', zh: 'Secret 不正确', en: 'invalid secret' },
  40014: { class: 'token', zh: 'access_token 无效（已刷新重试）', en: 'invalid access token (refreshed and retried)' },
  41004: { class: 'permanent', zh: '未配置该 Secret', en: 'no secret configured for this call' },
  41001: { class: 'token', zh: '缺少 access_token', en: 'access token missing' },
  42001: { class: 'token', zh: 'access_token 已过期（已刷新重试）', en: 'access token expired (refreshed and retried)' },
  45009: { class: 'transient', zh: '调用频率超过企业微信限制', en: 'WeCom rate limit' },
  45033: { class: 'transient', zh: '并发调用超过企业微信限制', en: 'WeCom concurrency limit' },
  40058: { class: 'permanent', zh: '参数不合法（重试时表示消息已发出过）', en: 'invalid parameter (on a retry: already sent)', duplicateOnRetry: true },
  40096: { class: 'permanent', zh: '客户 ID 无效', en: 'invalid external_userid' },
  48002: { class: 'permanent', zh: '应用没有该接口权限', en: 'API not permitted for this app' },
  60020: { class: 'permanent', zh: '服务器 IP 不在企业可信IP中', en: "the server's IP is not a trusted IP of the corp" },
  60011: { class: 'permanent', zh: '应用没有该成员的权限', en: 'no privilege on this member' },
  81013: { class: 'permanent', zh: '所有接收人都无效', en: 'every recipient is invalid' },
  95000: { class: 'permanent', zh: '客服账号 ID 不合法', en: 'invalid open_kfid' },
  95001: { class: 'permanent', zh: '已达客户每条消息后最多 5 条回复的上限', en: 'over the 5-replies-per-customer-message quota' },
  95002: { class: 'permanent', zh: '客户超过 48 小时未发消息，不能再回复', en: 'the customer wrote more than 48 h ago' },
  95004: { class: 'permanent', zh: '客服账号不存在', en: 'open_kfid does not exist' },
  95007: { class: 'permanent', zh: '事件响应 code 无效、已用过或已过期', en: 'event code invalid, used or expired' },
  95008: { class: 'permanent', zh: '菜单消息超过 10 个选项', en: 'more than 10 menu items' },
  95009: { class: 'permanent', zh: '菜单选项类型不合法', en: 'invalid menu item type' },
  95013: { class: 'session', zh: '会话已结束', en: 'the session has ended' },
  95014: { class: 'receiver', zh: '该成员不是此客服账号的接待人员（或未激活企业微信）', en: 'not a servicer of this account (or WeCom not activated)' },
  95016: { class: 'illegal_move', zh: '会话状态不允许这样变更', en: 'illegal session state change' },
  95015: { class: 'permanent', zh: '接待人员已在管理后台配置，不能通过 API 修改', en: 'reception is configured in the admin console, the API may not change it' },
  95017: { class: 'permanent', zh: '客服账号未交给本应用通过 API 管理（API 开关关闭）', en: 'the account is not managed through the API by this app (API switch off)' },
  95018: { class: 'session', zh: '当前会话状态不允许发消息（人工接待中、排队中或会话已结束）', en: 'the session state does not allow sending (with a human, in the pool or ended)' },
  95019: { class: 'receiver', zh: '接待人员未处于“正在接待”', en: 'the servicer is not receiving' },
};

const UNKNOWN: ErrcodeInfo = { class: 'permanent', zh: '企业微信拒绝了请求', en: 'refused by WeCom' };

export function errcodeInfo(errcode: number): ErrcodeInfo {
  return WECOM_ERRCODES[errcode] ?? UNKNOWN;
}

export function errorClass(errcode: number): WecomErrorClass {
  return errcodeInfo(errcode).class;
}

/** `95018 当前会话状态不允许发消息…` — the reason a person reads. */
export function errcodeReason(errcode: number, lang: 'zh' | 'en' = 'zh'): string {
  return `${errcode} ${errcodeInfo(errcode)[lang]}`;
}

/** What a job does with an errcode: retry later, refresh the token and retry, or stop. */
export type ErrcodeDisposition = 'retry' | 'refresh_token' | 'final';

export function errcodeDisposition(errcode: number): ErrcodeDisposition {
  const cls = errorClass(errcode);
  return cls === 'transient' ? 'retry' : cls === 'token' ? 'refresh_token' : 'final';
}

/** The errcode an error carries (a WeCom client error has a numeric `errcode`), if any. */
export function errcodeOf(err: unknown): number | undefined {
  const code = (err as { errcode?: unknown } | null)?.errcode;
  return typeof code === 'number' ? code : undefined;
}

/**
 * For jobs that call WeCom — the one retry decision (their calls are not retried again below them): errcode by
 * the table above; an error without errcode (network, timeout) is retried. Backoff doubles from `firstBackoffMs`
 * to at most 5 min; a token error retries at once (the client refreshed the token).
 */
export function wecomRetryPolicy(o: { firstBackoffMs?: number; maxAttempts?: number } = {}): RetryPolicy {
  const first = o.firstBackoffMs ?? 2_000;
  return {
    maxAttempts: o.maxAttempts ?? 8,
    retryable(err) {
      const code = errcodeOf(err);
      return code === undefined || errcodeDisposition(code) !== 'final';
    },
    backoffMs(attempt, err) {
      const code = errcodeOf(err);
      if (code !== undefined && errcodeDisposition(code) === 'refresh_token') return 0;
      return Math.min(first * 2 ** (attempt - 1), 300_000);
    },
  };
}

export const wecomRetry: RetryPolicy = wecomRetryPolicy();
