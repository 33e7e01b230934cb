/**
 * @module Callback security (WECOM.md §2) on top of the official `@wecom/crypto`: signature check,
 * AES decryption with a receiveId (CorpID) check, and encryption for our own tests and tools.
 */
import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import { timingSafeEqual } from 'node:crypto';
import { UnauthorizedError, ValidationError } from '../../core/errors';

export interface CallbackKeys {
  token: string;
  encodingAESKey: string;
  corpId: string;
}

export interface SignedQuery {
  msg_signature: string;
  timestamp: string;
  nonce: string;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Verifies `msg_signature` over (token, timestamp, nonce, encrypted). */
export function verifySignature(keys: CallbackKeys, query: SignedQuery, encrypted: string): void {
  const expected = getSignature(keys.token, query.timestamp, query.nonce, encrypted);
  if (!sameText(expected, query.msg_signature.toLowerCase())) throw new UnauthorizedError('callback signature mismatch');
}

/** Decrypts a payload whose signature was verified, and checks its receiveId (the CorpID). */
export function decryptVerified(keys: CallbackKeys, encrypted: string): string {
  let opened: { message: string; id: string };
  try {
    opened = decrypt(keys.encodingAESKey, encrypted);
  } catch {
    throw new ValidationError('callback payload cannot be decrypted');
  }
  if (opened.id !== keys.corpId) throw new UnauthorizedError('callback receiveId does not match the CorpID');
  return opened.message;
}

/** Verifies, then decrypts (the URL check's echostr). */
export function openEnvelope(keys: CallbackKeys, query: SignedQuery, encrypted: string): string {
  verifySignature(keys, query, encrypted);
  return decryptVerified(keys, encrypted);
}

/** Encrypts and signs a message as WeCom does (used by tests and the URL-check tooling). */
export function sealEnvelope(keys: CallbackKeys, message: string, timestamp: string, nonce: string): { encrypted: string; signature: string } {
  const encrypted = encrypt(keys.encodingAESKey, message, keys.corpId);
  return { encrypted, signature: getSignature(keys.token, timestamp, nonce, encrypted) };
}
