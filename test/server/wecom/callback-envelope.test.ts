import { describe, expect, it } from 'vitest';
import { parseEnvelope } from '../../../server/channels/wecom-kf/callback-envelope';
import { ValidationError } from '../../../server/core/errors';

describe('the callback envelope reader', () => {
  it('reads WeCom\'s envelope with CDATA, plain text, an XML declaration, line breaks and split CDATA', () => {
    expect(parseEnvelope('<xml><ToUserName><![CDATA[ww1]]></ToUserName><AgentID><![CDATA[]]></AgentID><Encrypt><![CDATA[abc+/=]]></Encrypt></xml>'))
      .toEqual({ ToUserName: 'ww1', AgentID: undefined, Encrypt: 'abc+/=' });
    expect(parseEnvelope('<?xml version="1.0" encoding="UTF-8"?>\n<xml>\n  <ToUserName>ww1</ToUserName>\n  <Encrypt> abc </Encrypt>\n</xml>\n'))
      .toEqual({ ToUserName: 'ww1', AgentID: undefined, Encrypt: 'abc' });
    expect(parseEnvelope('<xml><Encrypt><![CDATA[a]]]]><![CDATA[>b]]></Encrypt></xml>').Encrypt).toBe('a]]>b');
  });

  it.each([
    ['empty', ''],
    ['no root', '<Encrypt>abc</Encrypt>'],
    ['unclosed root', '<xml><Encrypt>abc</Encrypt>'],
    ['no Encrypt', '<xml><ToUserName>ww1</ToUserName></xml>'],
    ['DOCTYPE', '<!DOCTYPE xml [<!ENTITY a "b">]><xml><Encrypt>&a;</Encrypt></xml>'],
    ['entity in text', '<xml><Encrypt>&lt;abc</Encrypt></xml>'],
    ['attribute', '<xml><Encrypt a="1">abc</Encrypt></xml>'],
    ['nesting', '<xml><Encrypt><b>abc</b></Encrypt></xml>'],
    ['content after the root', '<xml><Encrypt>abc</Encrypt></xml><xml/>'],
    ['unterminated CDATA', '<xml><Encrypt><![CDATA[abc</Encrypt></xml>'],
    ['a flood of elements', `<xml>${'<a>1</a>'.repeat(100)}<Encrypt>abc</Encrypt></xml>`],
  ])('refuses %s with a 400 ValidationError', (_name, xml) => {
    expect(() => parseEnvelope(xml)).toThrow(ValidationError);
  });
});
