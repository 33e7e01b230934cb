/**
 * @module A cache with invalidation over the bus. A load that raced an invalidation is not kept (each key has
 * a generation); concurrent gets of one key share one load; a bus gap (reconnect) drops everything, since
 * invalidations may have been missed. Optional `ttlMs` (by the injected clock) bounds staleness further.
 */
import type { Bus } from '../../core/ports/bus';
import type { Cache } from '../../core/ports/cache';
import type { Clock } from '../../core/ports/clock';
import type { Tx } from '../../core/ports/unit-of-work';

export class BusCache<V> implements Cache<V> {
  private readonly values = new Map<string, { value: V; at: number }>();
  private readonly loading = new Map<string, Promise<V>>();
  private readonly generations = new Map<string, number>();
  private epoch = 0;
  private readonly channel: string;
  private readonly off: (() => void)[];

  constructor(private readonly d: { bus: Bus; clock: Clock }, name: string, private readonly load: (key: string) => Promise<V>, private readonly ttlMs = Infinity) {
    this.channel = `cache.${name}`;
    this.off = [
      d.bus.subscribe(this.channel, (m) => this.drop((m as { key?: string } | null)?.key ?? undefined)),
      d.bus.onGap(() => this.drop(undefined)),
    ];
  }

  async get(key: string): Promise<V> {
    const hit = this.values.get(key);
    if (hit && this.d.clock.now() - hit.at < this.ttlMs) return hit.value;
    const inflight = this.loading.get(key);
    if (inflight) return inflight;
    const generation = this.generation(key);
    const at = this.d.clock.now();
    const p = this.load(key).then((value) => {
      if (this.generation(key) === generation) this.values.set(key, { value, at });
      return value;
    }).finally(() => { if (this.loading.get(key) === p) this.loading.delete(key); });
    this.loading.set(key, p);
    return p;
  }

  invalidate(tx: Tx, key?: string): void {
    tx.afterCommit(async () => {
      this.drop(key);
      await this.d.bus.publish(this.channel, key === undefined ? {} : { key });
    });
  }

  close(): void { for (const off of this.off) off(); }

  private generation(key: string): string { return `${this.epoch}:${this.generations.get(key) ?? 0}`; }

  private drop(key: string | undefined): void {
    if (key === undefined) {
      this.epoch++;
      this.values.clear();
      this.loading.clear();
      return;
    }
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
    this.values.delete(key);
    this.loading.delete(key);
  }
}
