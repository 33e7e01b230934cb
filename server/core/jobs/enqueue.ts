/**
 * @module Enqueueing a job in a unit of work: the job row is written in the caller's
 * transaction (the same one as the rows that caused it), due at a time from the injected clock, deduplicated
 * by kind + idempotency key. The same row the async queue (`server/adapters/jobs/queue.ts`) writes; the job
 * runner of the caller's unit of work adopts it or is told its due time (no wake needed while it runs).
 */
import type { EnqueueOptions, JobKind } from '../ports/jobs';
import type { Tx as UowTx } from '../ports/unit-of-work';
import { SqlJobQueue } from '../../adapters/jobs/queue';

/**
 * Inserts a job of the kind named `kind` in a unit of work (either engine), through the one enqueue (server/adapters/jobs); false when a job
 * of this kind and key exists already.
 */
export async function enqueueJobIn(tx: UowTx, kind: string, payload: object, now: number, o: EnqueueOptions = {}): Promise<boolean> {
  const named = { name: kind } as JobKind<object>;
  return (await new SqlJobQueue({ now: () => now }, () => undefined).enqueue(tx, named, payload, o)).created;
}
