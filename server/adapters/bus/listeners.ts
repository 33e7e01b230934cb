/** @module Channel listeners and gap listeners of a bus adapter (shared by the in-process and PostgreSQL buses). */
import type { BusMessage } from '../../core/ports/bus';

export class Listeners {
  private readonly byChannel = new Map<string, Set<(m: BusMessage) => void>>();
  private readonly gaps = new Set<() => void>();

  constructor(private readonly onError: (err: unknown) => void) {}

  add(channel: string, handler: (m: BusMessage) => void): () => void {
    let set = this.byChannel.get(channel);
    if (!set) this.byChannel.set(channel, (set = new Set()));
    set.add(handler);
    return () => { set.delete(handler); };
  }

  addGap(handler: () => void): () => void {
    this.gaps.add(handler);
    return () => { this.gaps.delete(handler); };
  }

  deliver(channel: string, message: BusMessage): void {
    for (const h of [...(this.byChannel.get(channel) ?? [])]) {
      try { h(message); } catch (err) { this.onError(err); }
    }
  }

  gap(): void {
    for (const h of [...this.gaps]) {
      try { h(); } catch (err) { this.onError(err); }
    }
  }
}
