/**
 * @module What a failed call says to the admin, in the page's language: the error code's own sentence (never the
 * server's English message, which may carry ids) and each field issue reworded — template variable mistakes by
 * name and position, length limits, empty fields. An issue we have no words for keeps the server's text.
 */
import { ApiError } from '../common/api/client';
import { i18n } from './i18n';

export interface Issue { path: string; message: string }

const t = (key: string, values?: Record<string, unknown>) => i18n.global.t(key, values ?? {});

const PATTERNS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^unknown variable \{\{(.+?)\}\} at position (\d+)/, (m) => t('errors.unknownVariable', { name: m[1], pos: Number(m[2]) + 1 })],
  [/^unclosed "\{\{"/, () => t('errors.unclosed')],
  [/^body is empty/, () => t('errors.bodyEmpty')],
  [/is too long: (\d+) bytes > (\d+)/, (m) => t('errors.tooLong', { n: m[1], max: m[2] })],
  [/^menu is empty/, () => t('errors.menuEmpty')],
  [/^too many menu items: (\d+) > (\d+)/, (m) => t('errors.tooManyItems', { n: m[1], max: m[2] })],
  [/^duplicate menu id "(.*)"/, (m) => t('errors.duplicateMenuId', { id: m[1] })],
  [/^Required$|^Invalid input: expected .*, received undefined$/, () => t('errors.required')],
  [/^电话号码只能包含/, () => t('errors.phone')],
  [/^(String must contain at least 1 character|Too small: expected string to have >=1 characters)/, () => t('errors.tooShort')],
];

export function issueText(message: string): string {
  for (const [re, say] of PATTERNS) {
    const m = re.exec(message);
    if (m) return say(m);
  }
  return message;
}

/** The sentence and field issues of a failed call (any thrown value). */
export function errorText(err: unknown): { message: string; issues: Issue[] } {
  if (err instanceof ApiError) {
    const key = err.status === 0 ? 'errors.network' : i18n.global.te(`errors.${err.code}`) ? `errors.${err.code}` : 'errors.other';
    return { message: t(key), issues: err.issues.map((i) => ({ path: i.path, message: issueText(i.message) })) };
  }
  return { message: t('errors.other'), issues: [] };
}
