import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { parseCallbackEvent } from '../../../server/channels/wecom-kf/callback-xml';
import { ValidationError } from '../../../server/core/errors';
import { kfEventXml } from '../../support/callback';

/** The general parser with the options the event reader documents: the reference the one-pass reader must agree with. */
const reference = new XMLParser({ parseTagValue: false, processEntities: false, ignoreDeclaration: true, trimValues: true });
const fields = (xml: string) => (reference.parse(xml) as { xml: Record<string, unknown> }).xml;

describe('the callback event reader', () => {
  it.each([
    ['a kf event as the tests seal it', kfEventXml('ww1', 'wkA')],
    ['CDATA and plain text, an XML declaration, line breaks', '<?xml version="1.0"?>\n<xml>\n <ToUserName><![CDATA[ww1]]></ToUserName>\n <CreateTime>1700000000</CreateTime>\n <MsgType><![CDATA[event]]></MsgType>\n <Event> kf_msg_or_event </Event>\n <Token><![CDATA[ ENC123 ]]></Token>\n <OpenKfId><![CDATA[wkA]]></OpenKfId>\n</xml>\n'],
    ['split CDATA and an empty element', '<xml><MsgType><![CDATA[ev]]><![CDATA[ent]]></MsgType><Event></Event><Token><![CDATA[a]]]]><![CDATA[>b]]></Token></xml>'],
  ])('reads %s as the general parser does', (_name, xml) => {
    const r = fields(xml);
    expect(parseCallbackEvent(xml)).toEqual({ ...r, MsgType: r.MsgType, Event: r.Event || undefined, Token: r.Token || undefined, OpenKfId: r.OpenKfId || undefined });
  });

  it('reads what is not flat with the general parser: a nested element, a repeated one, an entity', () => {
    expect(parseCallbackEvent('<xml><MsgType>event</MsgType><Info><A>1</A></Info></xml>')).toMatchObject({ MsgType: 'event', Info: { A: '1' } });
    expect(parseCallbackEvent('<xml><MsgType>event</MsgType><Token>a</Token><Token>b</Token></xml>')).toMatchObject({ Token: undefined, MsgType: 'event' });
    expect(parseCallbackEvent('<xml><MsgType>event</MsgType><Text>a &amp; b</Text></xml>').Text).toBe('a &amp; b');
  });

  it.each([
    ['a flat __proto__ element', '<xml><MsgType>event</MsgType><__proto__>1</__proto__></xml>'],
    ['a flat constructor element', '<xml><MsgType>event</MsgType><constructor>1</constructor></xml>'],
    ['a DOCTYPE', '<!DOCTYPE xml [<!ENTITY a "b">]><xml><MsgType>&a;</MsgType></xml>'],
    ['no MsgType', '<xml><Event>kf_msg_or_event</Event></xml>'],
  ])('refuses %s with a 400 ValidationError', (_name, xml) => {
    expect(() => parseCallbackEvent(xml)).toThrow(ValidationError);
  });
});
