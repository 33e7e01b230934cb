/**
 * @module The benchmark's physical limit: a bare responder with the product's own WeCom HTTP client (keep-alive,
 * access token) but no database, no decision, no logging. It verifies and decrypts each callback, acknowledges
 * it, pulls `kf/sync_msg` (one pull per account at a time, again at once when another callback came meanwhile)
 * and sends one fixed text reply per customer message. What it achieves against the same simulator in the same
 * run is the best this machine can do for the round trip; the product is reported as a ratio of it.
 */
import { createServer, type IncomingMessage } from 'node:http';
import pino from 'pino';
import { systemClock } from '../../../server/app/clock';
import { openEnvelope, type CallbackKeys } from '../../../server/channels/wecom-kf/callback-crypto';
import { parseEnvelope } from '../../../server/channels/wecom-kf/callback-envelope';
import { parseCallbackEvent } from '../../../server/channels/wecom-kf/callback-xml';
import { createWecomClient } from '../../../server/channels/wecom-kf/client';
import { answerCpuQuestions } from './cpu';

const keys: CallbackKeys = { token: process.env.CB_TOKEN!, encodingAESKey: process.env.CB_AES_KEY!, corpId: process.env.CORP_ID! };
const wecom = createWecomClient({
  apiBase: process.env.WECOM_API_BASE!, corpId: keys.corpId, agentId: 1000002, clock: systemClock, log: pino({ level: 'silent' }),
  secrets: { main: process.env.CORP_SECRET!, external: process.env.CORP_SECRET!, checkin: process.env.CORP_SECRET! },
});
const REPLY = process.env.BARE_REPLY ?? '您好，现在是非工作时间，我们上班后第一时间回复您。';

interface Puller { cursor?: string; token?: string; running: boolean; again: boolean }
const pullers = new Map<string, Puller>();

/** One pull loop per account: a callback during a pull asks for one more round, never a second loop. */
function pull(openKfid: string, token: string | undefined): void {
  const p = pullers.get(openKfid) ?? { running: false, again: false };
  pullers.set(openKfid, p);
  if (token) p.token = token;
  if (p.running) { p.again = true; return; }
  p.running = true;
  void (async () => {
    try {
      do {
        p.again = false;
        let more = true;
        while (more) {
          const page = await wecom.syncMsg({ open_kfid: openKfid, cursor: p.cursor, token: p.token, limit: 1000 });
          p.cursor = page.next_cursor || p.cursor;
          more = page.has_more === 1;
          await Promise.all(page.msg_list.filter((m) => m.origin === 3).map((m) => wecom.sendMsg({
            touser: m.external_userid!, open_kfid: openKfid, msgtype: 'text', text: { content: REPLY },
          }).catch(() => undefined)));
        }
      } while (p.again);
    } finally {
      p.running = false;
    }
  })();
}

const body = (req: IncomingMessage) => new Promise<string>((resolve) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
});

const server = createServer((req, res) => {
  void (async () => {
    const url = new URL(req.url ?? '/', 'http://bare');
    try {
      const query = { msg_signature: url.searchParams.get('msg_signature') ?? '', timestamp: url.searchParams.get('timestamp') ?? '', nonce: url.searchParams.get('nonce') ?? '' };
      const event = parseCallbackEvent(openEnvelope(keys, query, parseEnvelope(await body(req)).Encrypt));
      res.writeHead(200, { 'content-type': 'text/plain' }).end('success');
      if (event.Event === 'kf_msg_or_event' && event.OpenKfId) pull(event.OpenKfId, event.Token);
    } catch {
      res.writeHead(400).end();
    }
  })();
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  answerCpuQuestions();
  process.stdout.write(`READY ${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
