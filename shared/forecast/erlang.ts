/**
 * @module Erlang C (M/M/N queue): the probability a contact waits, the share answered within a target time,
 * and the fewest agents that reach a service level. Computed through the Erlang B recursion, which stays
 * stable for hundreds of agents (no factorials). Checked against Call Centre Helper's published worked
 * example ("Erlang C Formula – Made Simple With an Easy Worked Example": 100 calls per 30 minutes, 180 s
 * handling time, 80 % answered within 20 s → 14 agents).
 */

/** Erlang C: probability that a contact has to wait, with `agents` serving `erlangs` of traffic. */
export function erlangC(agents: number, erlangs: number): number {
  if (erlangs <= 0) return 0;
  if (agents <= erlangs) return 1;
  let b = 1;
  for (let n = 1; n <= agents; n++) b = (erlangs * b) / (n + erlangs * b);
  return (agents * b) / (agents - erlangs * (1 - b));
}

/** Share of contacts answered within `targetSec`: 1 − C · e^{−(N − A)·t / AHT}. */
export function serviceLevel(agents: number, erlangs: number, targetSec: number, handleSec: number): number {
  if (erlangs <= 0) return 1;
  if (agents <= erlangs) return 0;
  return 1 - erlangC(agents, erlangs) * Math.exp(-(agents - erlangs) * targetSec / handleSec);
}

export interface StaffingInput {
  /** Contacts expected in the period. */
  contacts: number;
  periodSec: number;
  handleSec: number;
  targetSec: number;
  /** Required share answered within `targetSec` (0–1). */
  level: number;
}

export interface Staffing { agents: number; erlangs: number; serviceLevel: number; waitProbability: number }

/** The fewest agents whose service level reaches the target (0 agents when nothing is expected). */
export function agentsNeeded(input: StaffingInput): Staffing {
  const erlangs = (input.contacts * input.handleSec) / input.periodSec;
  if (erlangs <= 0) return { agents: 0, erlangs: 0, serviceLevel: 1, waitProbability: 0 };
  let agents = Math.max(1, Math.floor(erlangs) + 1);
  for (; agents < 10_000; agents++) {
    if (serviceLevel(agents, erlangs, input.targetSec, input.handleSec) >= input.level) break;
  }
  return { agents, erlangs, serviceLevel: serviceLevel(agents, erlangs, input.targetSec, input.handleSec), waitProbability: erlangC(agents, erlangs) };
}
