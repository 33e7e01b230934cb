/**
 * @module The booking form's rate limits count real client addresses: from distinct loopback addresses
 * (127.0.0.x) one client exhausting its per-IP budget locks nobody else out, X-Forwarded-For is ignored unless
 * the peer is a TRUSTED_PROXIES proxy (then the nearest untrusted hop counts, however the client pads the
 * header), and the per-link limit holds across addresses. Each burst posts the honeypot: nothing is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProduct, type TestProduct } from '../support/product';
import { conversationOf, setSetting } from '../support/pages';
import { eq } from 'drizzle-orm';
import { appointments, conversations } from '../../server/adapters/db/sqlite/schema/index';
import { DEMO_AFTER_SALES_KF } from '../../server/app/demo/seed-data';
import { waitFor } from '../support/wait';
import { appointmentLink } from '../../server/core/appointments/link';
import { SETTINGS } from '../../server/core/config/catalogue';
import { rawRequest } from './support/http';
import { figure } from './support/figures';

/** A bot's submission (honeypot filled): counted by the limits, answered like a success, stores nothing. */
const submit = (p: TestProduct, conversationId: number, from: string, headers: Record<string, string> = {}) =>
  rawRequest(`${p.url}${new URL(appointmentLink(p.deps, conversationId)).pathname}`, {
    method: 'POST', localAddress: from, body: 'website=bot',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  }).then((r) => r.status);
const stored = (p: TestProduct) => p.deps.db.select().from(appointments).all().length;

describe('per-IP and per-link limits on real client addresses', () => {
  let p: TestProduct;
  let one: number;
  let two: number;
  beforeAll(async () => {
    p = await startProduct();
    one = await conversationOf(p, 'wmDemoCustomer0001');
    two = await conversationOf(p, 'wmDemoCustomer0002');
  });
  afterAll(async () => { await p?.stop(); });

  it('limits one address without locking out the others, whatever X-Forwarded-For it sends', async () => {
    setSetting(p, SETTINGS.appointments, { perIp: 5, perLink: 1000 });
    const before = stored(p);
    const burst: number[] = [];
    for (let i = 0; i < 8; i++) burst.push(await submit(p, one, '127.0.0.2'));
    const spoofed = [await submit(p, two, '127.0.0.2', { 'x-forwarded-for': '10.9.9.9' }), await submit(p, one, '127.0.0.2', { 'x-forwarded-for': '127.0.0.3' })];
    const others = [await submit(p, one, '127.0.0.3'), await submit(p, two, '127.0.0.4'), await submit(p, one, '127.0.0.5')];
    figure('per-IP limit from 127.0.0.2 (others on 127.0.0.3-5)', {
      tried: burst.length + spoofed.length, refused: [...burst, ...spoofed].filter((s) => s === 429).length, stored: stored(p) - before,
      othersLockedOut: others.filter((s) => s === 429).length,
    });
    expect(burst).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    expect(spoofed).toEqual([429, 429]);
    expect(others).toEqual([200, 200, 200]);
    expect(stored(p) - before).toBe(0);
  });

  it('limits one link across many addresses', async () => {
    setSetting(p, SETTINGS.appointments, { perIp: 1000, perLink: 3 });
    await p.sim.customerSend({ open_kfid: DEMO_AFTER_SALES_KF.open_kfid, external_userid: 'wmDemoCustomer0001', msgtype: 'text', content: '售后预约' });
    const fresh = await waitFor(() => p.deps.db.select().from(conversations).where(eq(conversations.openKfid, DEMO_AFTER_SALES_KF.open_kfid)).get());
    const statuses: number[] = [];
    for (let i = 10; i < 16; i++) statuses.push(await submit(p, fresh.id, `127.0.0.${i}`));
    figure('per-link limit across 127.0.0.10-15', { tried: statuses.length, refused: statuses.filter((s) => s === 429).length, stored: 0 });
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
  });
});

describe('behind a trusted proxy', () => {
  let p: TestProduct;
  let conv: number;
  beforeAll(async () => {
    p = await startProduct({ TRUSTED_PROXIES: '127.0.0.20/32' });
    conv = await conversationOf(p, 'wmDemoCustomer0001');
    setSetting(p, SETTINGS.appointments, { perIp: 2, perLink: 1000 });
  });
  afterAll(async () => { await p?.stop(); });

  it('counts the nearest untrusted X-Forwarded-For hop, so padding the header does not make a new client', async () => {
    const proxy = '127.0.0.20';
    const a = [
      await submit(p, conv, proxy, { 'x-forwarded-for': '203.0.113.7' }),
      await submit(p, conv, proxy, { 'x-forwarded-for': '198.51.100.1, 203.0.113.7' }),
      await submit(p, conv, proxy, { 'x-forwarded-for': '192.0.2.99, 203.0.113.7' }),
    ];
    const b = await submit(p, conv, proxy, { 'x-forwarded-for': '203.0.113.8' });
    const untrusted = [await submit(p, conv, '127.0.0.21', { 'x-forwarded-for': '203.0.113.9' }), await submit(p, conv, '127.0.0.21', { 'x-forwarded-for': '203.0.113.10' }), await submit(p, conv, '127.0.0.21', { 'x-forwarded-for': '203.0.113.11' })];
    figure('X-Forwarded-For through a trusted proxy', { tried: a.length + 1 + untrusted.length, refused: [...a, b, ...untrusted].filter((s) => s === 429).length, stored: 0 });
    expect(a).toEqual([200, 200, 429]);
    expect(b).toBe(200);
    expect(untrusted).toEqual([200, 200, 429]);
  });
});
