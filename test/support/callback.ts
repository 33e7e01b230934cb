/** @module Builds WeCom-shaped encrypted callbacks for tests and benchmarks (same keys as the server's config). */
import { randomBytes } from 'node:crypto';
import { sealEnvelope, type CallbackKeys } from '../../server/channels/wecom-kf/callback-crypto';

export function kfEventXml(corpId: string, openKfid: string, token = 'ENCApHxnGDNAVNY4AaSJKj4Tb5mwsEMzxhFmHVGcra996NR', createTime = 1_700_000_000): string {
  return `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><CreateTime>${createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[kf_msg_or_event]]></Event><Token><![CDATA[${token}]]></Token><OpenKfId><![CDATA[${openKfid}]]></OpenKfId></xml>`;
}

/** The outer envelope WeCom POSTs around an encrypted payload. */
export const envelopeXml = (corpId: string, encrypted: string) =>
  `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><AgentID><![CDATA[]]></AgentID><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`;

/**
 * The query string and body WeCom would POST for `inner`, sent at `at` (ms: pass the product's clock — the
 * server refuses stale callbacks) with a fresh nonce unless one is given (the same nonce again is a replay).
 */
export function sealedCallback(keys: CallbackKeys, inner: string, at: number, nonce = randomBytes(6).toString('hex')) {
  const timestamp = String(Math.floor(at / 1000));
  const { encrypted, signature } = sealEnvelope(keys, inner, timestamp, nonce);
  return { query: `msg_signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`, body: envelopeXml(keys.corpId, encrypted), encrypted, timestamp, nonce };
}
