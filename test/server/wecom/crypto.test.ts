import { describe, it, expect } from 'vitest';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import { openEnvelope, sealEnvelope } from '../../../server/channels/wecom-kf/callback-crypto';
import { signJsApi } from '../../../server/channels/wecom-kf/jssdk';
import { UnauthorizedError, ValidationError } from '../../../server/core/errors';

const keys = { token: 'QDG6eK', encodingAESKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', corpId: 'wx5823bf96d3bd56c7' };
const q = { timestamp: '1409659813', nonce: '1372623149' };

describe('callback crypto', () => {
  it('opens what @wecom/crypto sealed, checking signature and receiveId', () => {
    const encrypted = encrypt(keys.encodingAESKey, '<xml><MsgType>event</MsgType></xml>', keys.corpId);
    const msg_signature = getSignature(keys.token, q.timestamp, q.nonce, encrypted);
    expect(openEnvelope(keys, { ...q, msg_signature }, encrypted)).toBe('<xml><MsgType>event</MsgType></xml>');
  });

  it('seals what @wecom/crypto opens (round trip with Chinese text)', () => {
    const { encrypted, signature } = sealEnvelope(keys, '你好，月球模式', q.timestamp, q.nonce);
    expect(decrypt(keys.encodingAESKey, encrypted)).toMatchObject({ message: '你好，月球模式', id: keys.corpId });
    expect(signature).toBe(getSignature(keys.token, q.timestamp, q.nonce, encrypted));
  });

  it('pads to a multiple of 32 bytes before AES (WeCom PKCS#7 variant)', () => {
    for (const len of [0, 1, 11, 12, 31, 32, 100]) {
      const raw = Buffer.from(encrypt(keys.encodingAESKey, 'x'.repeat(len), keys.corpId), 'base64');
      expect(raw.length % 32).toBe(0);
    }
  });

  it('rejects a wrong signature with 401', () => {
    const { encrypted } = sealEnvelope(keys, 'hi', q.timestamp, q.nonce);
    expect(() => openEnvelope(keys, { ...q, msg_signature: 'f'.repeat(40) }, encrypted)).toThrow(UnauthorizedError);
  });

  it('rejects a message sealed for another corp (receiveId) with 401', () => {
    const other = { ...keys, corpId: 'wwSomeoneElse' };
    const { encrypted, signature } = sealEnvelope(other, 'hi', q.timestamp, q.nonce);
    expect(() => openEnvelope(keys, { ...q, msg_signature: signature }, encrypted)).toThrow(/receiveId/);
  });

  it('rejects validly signed garbage as undecryptable (400)', () => {
    const garbage = 'bm90IGEgcmVhbCBjaXBoZXJ0ZXh0';
    const msg_signature = getSignature(keys.token, q.timestamp, q.nonce, garbage);
    expect(() => openEnvelope(keys, { ...q, msg_signature }, garbage)).toThrow(ValidationError);
  });
});

describe('JS-SDK signature', () => {
  it('matches the official test vector', () => {
    const ticket = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';
    const s = signJsApi(ticket, 'http://mp.weixin.qq.com?params=value', 'Wm3WZYTPz0wzccnW', 1414587457);
    expect(s.signature).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed');
  });

  it('signs the URL without its #fragment (hash routing)', () => {
    const a = signJsApi('T', 'https://x.example/sidebar/?a=1#/status', 'n', 1);
    const b = signJsApi('T', 'https://x.example/sidebar/?a=1', 'n', 1);
    expect(a.signature).toBe(b.signature);
  });
});
