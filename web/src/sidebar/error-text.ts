/**
 * @module What a failed call means to an agent, in their language (the server's own messages are for logs and
 * admins). A failure of the WeCom client itself (JS-SDK) keeps its errMsg, which is what WeCom support asks for.
 */
import { ApiError } from '../common/api/client';

const KNOWN = new Set([400, 401, 403, 404, 409, 413, 429]);

export function errorText(err: unknown, t: (key: string, named?: Record<string, unknown>) => string): string {
  if (!(err instanceof ApiError)) {
    const msg = err instanceof Error ? err.message : typeof err === 'object' && err && 'errMsg' in err ? String(err.errMsg) : '';
    return msg ? t('errors.client', { msg }) : t('errors.other');
  }
  if (err.status === 0) return t('errors.network');
  return KNOWN.has(err.status) ? t(`errors.${err.status}`) : t('errors.other');
}
