/**
 * @module The in-process bus (one instance, SQLite): messages are delivered on a later tick, as over the
 * network, and copied through JSON so a subscriber never shares an object with the publisher.
 */
import type { Bus, BusMessage } from '../../core/ports/bus';
import { Listeners } from './listeners';

export function inProcessBus(o: { onError?: (err: unknown) => void } = {}): Bus {
  const listeners = new Listeners(o.onError ?? ((err) => { console.error('bus subscriber failed', err); }));
  return {
    async publish(channel, message) {
      const copy = JSON.stringify(message);
      setImmediate(() => listeners.deliver(channel, JSON.parse(copy) as BusMessage));
    },
    subscribe: (channel, handler) => listeners.add(channel, handler),
    onGap: (handler) => listeners.addGap(handler),
    async close() { /* nothing held */ },
  };
}
