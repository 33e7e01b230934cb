/**
 * @module The simulator context every route and helper receives: resolved options, state, the
 * injected clock (plus a control-set offset), id minting, the seeded PRNG, faults and the callback emitter.
 */
import { seededRandom as prng } from '../../shared/domain/random';
import { randomBytes } from 'node:crypto';
import type { ResolvedOptions } from './options';
import type { SimState } from './state';
import type { Faults } from './faults';
import type { CallbackEmitter } from './callbacks';
import { InboxWatch } from './inbox-watch';

export interface SimContext {
  opts: ResolvedOptions;
  state: SimState;
  faults: Faults;
  callbacks: CallbackEmitter;
  /** Waiters for a customer's next inbox item (`/sim/customer/inbox/wait`). */
  inboxWatch: InboxWatch;
  /** Simulated time in ms: the injected clock plus the offset set through /sim/clock. */
  now(): number;
  nowSec(): number;
  /** A fresh id: `prefix` + instance salt + counter (unique within and across simulator runs). */
  id(prefix: string): string;
  /** An unguessable token-like string. */
  secret(prefix: string, bytes?: number): string;
  rand(): number;
}


export function makeContext(opts: ResolvedOptions, state: SimState, faults: Faults): Omit<SimContext, 'callbacks'> {
  const salt = opts.idPrefix ?? randomBytes(4).toString('hex');
  const rand = prng(opts.randomSeed);
  const now = (): number => opts.now() + state.clockOffsetMs;
  return {
    opts, state, faults, now, rand, inboxWatch: new InboxWatch(),
    nowSec: () => Math.floor(now() / 1000),
    id: (prefix) => `${prefix}${salt}${(++state.seq).toString(36).padStart(6, '0')}`,
    secret: (prefix, bytes = 24) => `${prefix}${randomBytes(bytes).toString('base64url')}`,
  };
}
