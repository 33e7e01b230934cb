/**
 * @module XML of the decrypted WeCom callback event (fast-xml-parser; the outer envelope is read by
 * `callback-envelope.ts`). Values stay strings (a Token may look numeric). The event was authenticated, but its
 * sender may still be hostile: a DOCTYPE/ENTITY declaration, nesting past the parser's limit, or a name like
 * `__proto__` (which the parser refuses) is a ValidationError (400), never a server fault. No zod here: this
 * runs on every callback.
 */
import { XMLParser } from 'fast-xml-parser';
import { ValidationError } from '../../core/errors';

const parser = new XMLParser({ parseTagValue: false, processEntities: false, ignoreDeclaration: true, trimValues: true });

/** Callbacks never declare a DTD: refusing one up front keeps entity tricks out of the parser altogether. */
const DECLARATION = /<!(DOCTYPE|ENTITY|ELEMENT|ATTLIST)/i;

function root(xml: string): Record<string, unknown> {
  if (DECLARATION.test(xml)) throw new ValidationError('XML declarations (DOCTYPE, ENTITY) are not allowed');
  let doc: { xml?: unknown };
  try {
    doc = parser.parse(xml) as { xml?: unknown };
  } catch (err) {
    throw new ValidationError(`malformed XML: ${err instanceof Error ? err.message.slice(0, 120) : 'unreadable'}`);
  }
  if (typeof doc.xml !== 'object' || doc.xml === null) throw new ValidationError('XML has no <xml> root');
  return doc.xml as Record<string, unknown>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export interface CallbackEvent {
  ToUserName?: string;
  CreateTime?: string;
  MsgType: string;
  Event?: string;
  Token?: string;
  OpenKfId?: string;
  [field: string]: unknown;
}

export function parseCallbackEvent(xml: string): CallbackEvent {
  const r = root(xml);
  const MsgType = str(r.MsgType);
  if (!MsgType) throw new ValidationError('callback event has no <MsgType>');
  return { ...r, MsgType, Event: str(r.Event), Token: str(r.Token), OpenKfId: str(r.OpenKfId) };
}
