/**
 * @module Who waits for a customer's inbox to grow (`POST /sim/customer/inbox/wait`): each delivery wakes the
 * waiters of that customer, so a driver awaits a reply instead of polling for it.
 */
export class InboxWatch {
  private readonly waiting = new Map<string, Set<() => void>>();

  /** A message reached `external_userid`'s inbox. */
  delivered(external_userid: string): void {
    const wake = this.waiting.get(external_userid);
    if (!wake) return;
    this.waiting.delete(external_userid);
    for (const f of wake) f();
  }

  /** Resolves true once `size()` (the inbox's length) exceeds `after`, false when `timeoutMs` passes first. */
  async until(external_userid: string, size: () => number, after: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (size() <= after) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const wake = () => { clearTimeout(timer); resolve(); };
        const timer = setTimeout(() => { this.waiting.get(external_userid)?.delete(wake); resolve(); }, left);
        const set = this.waiting.get(external_userid) ?? new Set();
        set.add(wake);
        this.waiting.set(external_userid, set);
      });
    }
    return true;
  }
}
