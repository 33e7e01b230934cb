/**
 * @module The duty manager's deep link: a signed, short-lived URL that opens one conversation in the sidebar
 * and nothing else — `<base>/sidebar/?link=<token>#/c/<conversationId>`, the token being the shared signed-id
 * token with purpose `conversation-view`. The sidebar's read routes accept the token as `?link=`; it grants
 * read access to that conversation only, with no session (a manager need not be an agent). Alerts build these
 * links with `conversationLink`; the access layer checks them with `verifyConversationLink`.
 */
import type { CoreDeps } from '../../app/deps';
import { signIdToken, verifyIdToken, type IdTokenCheck } from './signed-id-token';

const PURPOSE = 'conversation-view';
/** Long enough to act on an alert, short enough that a forwarded card soon stops working. */
export const CONVERSATION_LINK_TTL_MS = 60 * 60_000;
/** The query parameter the sidebar passes the token in. */
export const LINK_PARAM = 'link';

export function conversationLinkToken(secret: string, conversationId: number, expiresAt: number): string {
  return signIdToken(secret, PURPOSE, conversationId, expiresAt);
}

export function verifyConversationLink(secret: string, token: string, now: number): IdTokenCheck {
  return verifyIdToken(secret, PURPOSE, token, now);
}

/** The URL an alert carries for one conversation, valid for `ttlMs` from `now`. */
export function conversationLink(d: Pick<CoreDeps, 'config'> & { now: number }, conversationId: number, ttlMs = CONVERSATION_LINK_TTL_MS): string {
  const base = (d.config.publicBaseUrl ?? '').replace(/\/+$/, '');
  const token = conversationLinkToken(d.config.sessionSecret, conversationId, d.now + ttlMs);
  return `${base}/sidebar/?${LINK_PARAM}=${token}#/c/${conversationId}`;
}
