/**
 * @module The bus port: publish/subscribe across every instance of the server (the publishing one included).
 * Delivery is at most once and fast, not durable: what must happen is a job; the bus tells others that
 * something changed (an SSE event, a cache entry to drop, a job to look at). When messages may have been
 * lost (a reconnect), `onGap` listeners hear it and must assume anything changed.
 *
 * @example
 *   tx.afterCommit(() => bus.publish('conversation.changed', { id }));   // after commit, never inside
 *   const off = bus.subscribe('conversation.changed', (m) => sse.push(m));
 */
export type BusMessage = string | number | boolean | null | BusMessage[] | { [key: string]: BusMessage };

export interface Bus {
  publish(channel: string, message: BusMessage): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(channel: string, handler: (message: BusMessage) => void): () => void;
  onGap(handler: () => void): () => void;
  close(): Promise<void>;
}
