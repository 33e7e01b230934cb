/**
 * @module The one table of WeCom errcodes that are not final, and the retry policy jobs that call WeCom use.
 * - retry later: -1 (system busy), 45009 (api freq out of limit), 45033 (api concurrent out of limit)
 * - refresh the access token and retry at once: 40014 (invalid access_token), 42001 (access_token expired),
 *   41001 (access_token missing)
 * - anything else is final (a retry would fail the same way: permissions, 95018 session state, bad input …).
 * WeCom's global errcode list: https://developer.work.weixin.qq.com/document/path/90313
 */
import type { RetryPolicy } from '../../core/ports/jobs';

export type ErrcodeDisposition = 'retry' | 'refresh_token' | 'final';

const DISPOSITION: ReadonlyMap<number, ErrcodeDisposition> = new Map([
  [-1, 'retry'], [45009, 'retry'], [45033, 'retry'],
  [40014, 'refresh_token'], [42001, 'refresh_token'], [41001, 'refresh_token'],
]);

export function errcodeDisposition(errcode: number): ErrcodeDisposition {
  return DISPOSITION.get(errcode) ?? 'final';
}

/** The errcode an error carries (a WeCom client error has a numeric `errcode`), if any. */
export function errcodeOf(err: unknown): number | undefined {
  const code = (err as { errcode?: unknown } | null)?.errcode;
  return typeof code === 'number' ? code : undefined;
}

/**
 * For jobs that call WeCom: errcode by the table above; an error without errcode (network, timeout) is
 * retried. Backoff doubles from 2 s to at most 5 min; a token error retries at once (the client refreshed).
 */
export const wecomRetry: RetryPolicy = {
  maxAttempts: 8,
  retryable(err) {
    const code = errcodeOf(err);
    return code === undefined || errcodeDisposition(code) !== 'final';
  },
  backoffMs(attempt, err) {
    const code = errcodeOf(err);
    if (code !== undefined && errcodeDisposition(code) === 'refresh_token') return 0;
    return Math.min(2_000 * 2 ** (attempt - 1), 300_000);
  },
};
