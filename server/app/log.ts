/**
 * @module Structured logging (pino). Secrets are redacted by path, and WeCom URLs are logged without their
 * query string (which carries the access token).
 */
import pino from 'pino';

export type Logger = pino.Logger;

const REDACT = [
  'secret', '*.secret', 'corpsecret', '*.corpsecret', 'access_token', '*.access_token', 'ticket', '*.ticket',
  'encodingAESKey', '*.encodingAESKey', 'sessionSecret', '*.sessionSecret', '*.secrets', 'secrets',
  'token', '*.token', 'cookie', '*.cookie', 'headers.cookie', 'req.headers.cookie', 'req.headers.authorization',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: undefined }, destination);
}

/** Strips the query string (access_token, corpsecret …) from a URL before it is logged. */
export function safeUrl(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
