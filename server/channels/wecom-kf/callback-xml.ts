/**
 * @module XML of the decrypted WeCom callback event (fast-xml-parser; the outer envelope is read by
 * `callback-envelope.ts`). Values stay strings (a Token may look numeric). The event was authenticated, but its
 * sender may still be hostile: a DOCTYPE/ENTITY declaration, nesting past the parser's limit, or a name like
 * `__proto__` (which the parser refuses) is a ValidationError (400), never a server fault. No zod here: this
 * runs on every callback.
 */
import { XMLParser } from 'fast-xml-parser';
import { ValidationError } from '../../core/errors';
import { flatElements } from './flat-xml';

const parser = new XMLParser({ parseTagValue: false, processEntities: false, ignoreDeclaration: true, trimValues: true });

/** Callbacks never declare a DTD: refusing one up front keeps entity tricks out of the parser altogether. */
const DECLARATION = /<!(DOCTYPE|ENTITY|ELEMENT|ATTLIST)/i;

/** Names the full parser refuses (they would reach an object's prototype): such a document goes to it, and is refused there. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** WeCom's events have a dozen children at most; a flat document with more goes to the full parser. */
const MAX_FLAT_CHILDREN = 64;

/**
 * The event's fields as WeCom sends them — flat elements — in one pass (`flat-xml.ts`: the parse was a tenth of the
 * callback's CPU through fast-xml-parser); undefined for anything else (nesting, attributes, entities, a repeated or
 * prototype name), which the full parser reads as before.
 */
function flatRoot(xml: string): Record<string, unknown> | undefined {
  let elements: [string, string][];
  try {
    elements = flatElements(xml, 'callback event', MAX_FLAT_CHILDREN);
  } catch {
    return undefined;
  }
  const r: Record<string, unknown> = {};
  for (const [name, value] of elements) {
    if (PROTOTYPE_KEYS.has(name) || Object.hasOwn(r, name)) return undefined; // the full parser refuses, or makes a list
    r[name] = value;
  }
  return r;
}

function root(xml: string): Record<string, unknown> {
  if (DECLARATION.test(xml)) throw new ValidationError('XML declarations (DOCTYPE, ENTITY) are not allowed');
  const flat = flatRoot(xml);
  if (flat) return flat;
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
