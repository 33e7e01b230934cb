/**
 * @module XML of WeCom callbacks (fast-xml-parser): the outer envelope `<xml><ToUserName/><AgentID/><Encrypt/></xml>`
 * and the decrypted event. Values stay strings (a Token may look numeric). The outer XML is validated
 * (malformed → ValidationError); the inner XML was authenticated by signature and AES, so it is only
 * parsed and checked for the fields Moonshift reads. This runs on every callback: no zod here.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ValidationError } from '../errors';

const parser = new XMLParser({ parseTagValue: false, processEntities: false, ignoreDeclaration: true, trimValues: true });

function root(xml: string): Record<string, unknown> {
  const doc = parser.parse(xml) as { xml?: unknown };
  if (typeof doc.xml !== 'object' || doc.xml === null) throw new ValidationError('XML has no <xml> root');
  return doc.xml as Record<string, unknown>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export interface Envelope { ToUserName?: string; AgentID?: string; Encrypt: string }

export function parseEnvelope(xml: string): Envelope {
  if (xml.trim() === '' || XMLValidator.validate(xml) !== true) throw new ValidationError('malformed XML');
  const r = root(xml);
  const Encrypt = str(r.Encrypt);
  if (!Encrypt) throw new ValidationError('callback envelope has no <Encrypt>');
  return { ToUserName: str(r.ToUserName), AgentID: str(r.AgentID), Encrypt };
}

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
