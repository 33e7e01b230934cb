/**
 * @module The outer envelope of a WeCom callback — `<xml><ToUserName/><AgentID/><Encrypt/></xml>`, every child a
 * flat element holding CDATA or plain text — read against that fixed grammar (`flat-xml.ts`), not handed to an XML parser.
 * This is the only XML read before the signature check, so unauthenticated input never reaches a general parser
 * (no DTDs, entities, attributes, nesting or prototype keys to survive), anything else is a 400, and it costs a
 * single pass over a few hundred bytes on the busiest route.
 */
import { ValidationError } from '../../core/errors';
import { flatElements } from './flat-xml';

export interface Envelope { ToUserName?: string; AgentID?: string; Encrypt: string }

/** WeCom's envelope has three children; a little room for fields it may add, none for floods. */
const MAX_CHILDREN = 16;

export function parseEnvelope(xml: string): Envelope {
  const fields = new Map<string, string>();
  for (const [name, value] of flatElements(xml, 'callback envelope', MAX_CHILDREN)) if (!fields.has(name)) fields.set(name, value);
  const Encrypt = fields.get('Encrypt');
  if (!Encrypt) throw new ValidationError('callback envelope has no <Encrypt>');
  return { ToUserName: fields.get('ToUserName') || undefined, AgentID: fields.get('AgentID') || undefined, Encrypt };
}
