/**
 * @module WeCom's callback XML as it is sent: `<xml>` holding flat elements, each CDATA or plain text — read against
 * that fixed grammar in one pass over a few hundred bytes, not handed to a general XML parser. No declarations,
 * entities, attributes or nesting survive: anything else is a ValidationError (the caller decides what that means —
 * the envelope refuses it, the event falls back to the full parser). Values as fast-xml-parser gives them with
 * `trimValues`: plain text trimmed, CDATA kept as is, consecutive CDATA sections joined.
 */
import { ValidationError } from '../../core/errors';

const DECLARATION = /\s*<\?xml[^<>?]*\?>/y;
const SPACE = /\s*/y;
const OPEN = /<([A-Za-z_][\w.-]{0,63})>/y;
const TEXT = /[^<&]*/y;

function matchAt(re: RegExp, s: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(s);
}

/** The root's children in document order (a name may repeat); at most `maxChildren` of them. */
export function flatElements(xml: string, what: string, maxChildren: number): [name: string, value: string][] {
  const bad = (why: string) => new ValidationError(`malformed ${what}: ${why}`);
  let at = matchAt(DECLARATION, xml, 0)?.[0].length ?? 0;
  at += matchAt(SPACE, xml, at)![0].length;
  if (!xml.startsWith('<xml>', at)) throw bad('no <xml> root');
  at += 5;
  const fields: [string, string][] = [];
  for (;;) {
    at += matchAt(SPACE, xml, at)![0].length;
    if (xml.startsWith('</xml>', at)) { at += 6; break; }
    const open = matchAt(OPEN, xml, at);
    if (!open) throw bad(`unexpected content at ${at}`);
    if (fields.length >= maxChildren) throw bad('too many elements');
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
    fields.push([name, value]);
  }
  if (matchAt(SPACE, xml, at)![0].length !== xml.length - at) throw bad('content after </xml>');
  return fields;
}
