/**
 * @module "Seen this before?" for keys that matter only for a while — replayed WeCom callbacks, OAuth states
 * already used. A bounded, insertion-ordered memory of one process: expired keys are dropped as new ones
 * arrive, and past `capacity` the oldest go first (a replay older than that is then merely processed again,
 * which every consumer tolerates). The scale-out issue moves this to the shared database.
 */
export class RecentKeys {
  private readonly expiries = new Map<string, number>();

  constructor(private readonly capacity = 100_000) {}

  /** True the first time `key` is offered (it is then remembered until `expiresAt`); false while remembered. */
  firstSeen(key: string, now: number, expiresAt: number): boolean {
    const known = this.expiries.get(key);
    if (known !== undefined && known > now) return false;
    if (known !== undefined) this.expiries.delete(key);
    this.prune(now);
    this.expiries.set(key, expiresAt);
    return true;
  }

  get size(): number { return this.expiries.size; }

  private prune(now: number): void {
    for (const [key, expiresAt] of this.expiries) {
      if (expiresAt > now && this.expiries.size < this.capacity) return;
      this.expiries.delete(key);
    }
  }
}
