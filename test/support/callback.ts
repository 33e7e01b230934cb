/** @module Builds WeCom-shaped encrypted callbacks for tests and benchmarks (same keys as the server's config). */
import { sealEnvelope, type CallbackKeys } from '../../server/wecom/callback-crypto';

export function kfEventXml(corpId: string, openKfid: string, token = 'ENCApHxnGDNAVNY4AaSJKj4Tb5mwsEMzxhFmHVGcra996NR', createTime = 1_700_000_000): string {
  return `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><CreateTime>${createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[kf_msg_or_event]]></Event><Token><![CDATA[${token}]]></Token><OpenKfId><![CDATA[${openKfid}]]></OpenKfId></xml>`;
}

/** Returns the query string and body WeCom would POST for `inner`. */
export function sealedCallback(keys: CallbackKeys, inner: string, timestamp = '1700000000', nonce = 'n0nce') {
  const { encrypted, signature } = sealEnvelope(keys, inner, timestamp, nonce);
  return {
    query: `msg_signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`,
    body: `<xml><ToUserName><![CDATA[${keys.corpId}]]></ToUserName><AgentID><![CDATA[]]></AgentID><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`,
  };
}
