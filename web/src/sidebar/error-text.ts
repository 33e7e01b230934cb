/** @module What a failed call means to an agent, in their language (the server's own messages are for logs and admins). */
import { ApiError } from '../common/api/client';

const KNOWN = new Set([400, 401, 403, 404, 409, 413, 429]);

export function errorText(err: unknown, t: (key: string) => string): string {
  if (!(err instanceof ApiError)) return t('errors.other');
  if (err.status === 0) return t('errors.network');
  return KNOWN.has(err.status) ? t(`errors.${err.status}`) : t('errors.other');
}
