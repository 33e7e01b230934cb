/**
 * @module XML of WeCom callbacks (fast-xml-parser): the outer envelope `<xml><ToUserName/><AgentID/><Encrypt/></xml>`
 * and the decrypted event. Values stay strings (a Token may look numeric); malformed XML is a ValidationError.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { ValidationError } from '../errors';

const parser = new XMLParser({ parseTagValue: false, processEntities: false, ignoreDeclaration: true, trimValues: true });

function parseXmlRoot(xml: string): Record<string, unknown> {
  if (xml.trim() === '' || XMLValidator.validate(xml) !== true) throw new ValidationError('malformed XML');
  const doc: unknown = parser.parse(xml);
  const root = (doc as { xml?: unknown }).xml;
  if (typeof root !== 'object' || root === null) throw new ValidationError('XML has no <xml> root');
  return root as Record<string, unknown>;
}

const Envelope = z.object({ ToUserName: z.string().optional(), AgentID: z.string().optional(), Encrypt: z.string().min(1) });
export type Envelope = z.infer<typeof Envelope>;

export function parseEnvelope(xml: string): Envelope {
  const parsed = Envelope.safeParse(parseXmlRoot(xml));
  if (!parsed.success) throw new ValidationError('callback envelope has no <Encrypt>');
  return parsed.data;
}

const CallbackEvent = z.object({
  ToUserName: z.string().optional(),
  CreateTime: z.string().optional(),
  MsgType: z.string(),
  Event: z.string().optional(),
  Token: z.string().optional(),
  OpenKfId: z.string().optional(),
}).loose();
export type CallbackEvent = z.infer<typeof CallbackEvent>;

export function parseCallbackEvent(xml: string): CallbackEvent {
  const parsed = CallbackEvent.safeParse(parseXmlRoot(xml));
  if (!parsed.success) throw new ValidationError('callback event has no <MsgType>');
  return parsed.data;
}
