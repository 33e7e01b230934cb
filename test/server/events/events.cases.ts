/**
 * The domain events across instances, on any bus: a listener on instance B hears what instance A emitted (as not
 * local), A's own listeners hear it once (as local), and a listener for local work hears only its instance's events.
 */
import { expect, it } from 'vitest';
import type { Bus } from '../../../server/core/ports/bus';
import { EventBus, type DomainEvents, type EventOrigin } from '../../../server/core/events';

type Heard<K extends keyof DomainEvents> = { payload: DomainEvents[K]; origin: EventOrigin };
const next = <K extends keyof DomainEvents>(events: EventBus, name: K) => new Promise<Heard<K>>((resolve) => {
  const off = events.on(name, (payload, origin) => { off(); resolve({ payload, origin }); });
});

/** `buses()`: two buses standing for two instances on one database. */
export function eventCases(buses: () => { a: Bus; b: Bus }): void {
  it('hears another instance\'s event as not local, and its own once, as local', async () => {
    const { a, b } = buses();
    const onA = new EventBus('instance-a').attach(a);
    const onB = new EventBus('instance-b').attach(b);
    const heardA: Heard<'conversation.changed'>[] = [];
    const offA = onA.on('conversation.changed', (payload, origin) => heardA.push({ payload, origin }));
    const onBHears = next(onB, 'conversation.changed');
    onA.emit('conversation.changed', { conversationId: 7, what: 'message', at: 1 });
    expect(await onBHears).toEqual({ payload: { conversationId: 7, what: 'message', at: 1 }, origin: { local: false } });
    // A's own notice came back over the bus too: a second event through B proves A has seen everything by now.
    const backOnA = next(onA, 'agent.status');
    onB.emit('agent.status', { userid: 'zhangsan', status: 'moon', source: 'manual', until: null, at: 2 });
    expect((await backOnA).origin).toEqual({ local: false });
    expect(heardA).toEqual([{ payload: { conversationId: 7, what: 'message', at: 1 }, origin: { local: true } }]);
    offA(); onA.close(); onB.close();
  });

  it('stops hearing other instances when closed, and keeps its own listeners', async () => {
    const { a, b } = buses();
    const onA = new EventBus('instance-a').attach(a);
    const onB = new EventBus('instance-b').attach(b);
    onB.close();
    const local = next(onB, 'duty.changed');
    onA.emit('duty.changed', { at: 1, by: 'lisi' });
    onB.emit('duty.changed', { at: 2, by: 'wangwu' });
    expect(await local).toEqual({ payload: { at: 2, by: 'wangwu' }, origin: { local: true } });
    onA.close();
  });
}
