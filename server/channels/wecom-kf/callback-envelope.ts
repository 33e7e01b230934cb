/**
 * @module The outer envelope of a WeCom callback — `<xml><ToUserName/><AgentID/><Encrypt/></xml>`, every child a
 * flat element holding CDATA or plain text — read against that fixed grammar, not handed to an XML parser.
 * This is the only XML read before the signature check, so unauthenticated input never reaches a general parser
 * (no DTDs, entities, attributes, nesting or prototype keys to survive), anything else is a 400, and it costs a
 * single pass over a few hundred bytes on the busiest route.
 */
import { ValidationError } from '../../core/errors';

export interface Envelope { ToUserName?: string; AgentID?: string; Encrypt: string }

/** WeCom's envelope has three children; a little room for fields it may add, none for floods. */
const MAX_CHILDREN = 16;
const DECLARATION = /\s*<\?xml[^<>?]*\?>/y;
const SPACE = /\s*/y;
const OPEN = /<([A-Za-z_][\w.-]{0,63})>/y;
const TEXT = /[^<&]*/y;

function matchAt(re: RegExp, s: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(s);
}

export function parseEnvelope(xml: string): Envelope {
  const bad = (why: string) => new ValidationError(`malformed callback envelope: ${why}`);
  let at = matchAt(DECLARATION, xml, 0)?.[0].length ?? 0;
  at += matchAt(SPACE, xml, at)![0].length;
  if (!xml.startsWith('<xml>', at)) throw bad('no <xml> root');
  at += 5;
  const fields = new Map<string, string>();
  for (let children = 0; ; children++) {
    at += matchAt(SPACE, xml, at)![0].length;
    if (xml.startsWith('</xml>', at)) { at += 6; break; }
    const open = matchAt(OPEN, xml, at);
    if (!open) throw bad(`unexpected content at ${at}`);
    if (children >= MAX_CHILDREN) throw bad('too many elements');
    const name = open[1]!;
    at += open[0].length;
    let value = '';
    if (xml.startsWith('<![CDATA[', at)) {
      do { // a value holding "]]>" is split into consecutive sections
        const end = xml.indexOf(']]>', at + 9);
        if (end < 0) throw bad('unterminated CDATA');
        value += xml.slice(at + 9, end);
        at = end + 3;
      } while (xml.startsWith('<![CDATA[', at));
    } else {
      const text = matchAt(TEXT, xml, at)![0];
      value = text.trim();
      at += text.length;
    }
    const close = `</${name}>`;
    if (!xml.startsWith(close, at)) throw bad(`<${name}> is not a flat text element`);
    at += close.length;
    if (!fields.has(name)) fields.set(name, value);
  }
  if (matchAt(SPACE, xml, at)![0].length !== xml.length - at) throw bad('content after </xml>');
  const Encrypt = fields.get('Encrypt');
  if (!Encrypt) throw new ValidationError('callback envelope has no <Encrypt>');
  return { ToUserName: fields.get('ToUserName') || undefined, AgentID: fields.get('AgentID') || undefined, Encrypt };
}
