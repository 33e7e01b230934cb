/**
 * Erlang C against Call Centre Helper's published worked example ("Erlang C Formula – Made Simple With an Easy
 * Worked Example"): 100 calls in 30 minutes, 180 s average handling time, 80 % to be answered within 20 s →
 * traffic 10 Erlangs; with 11 agents a call waits with probability 0.6821 (39 % answered in time); 14 agents.
 */
import { describe, it, expect } from 'vitest';
import { agentsNeeded, erlangC, serviceLevel } from '../../../shared/forecast/index';

describe('Erlang C staffing', () => {
  it('reproduces the published worked example: P(wait) 0.6821 with 11 agents, 14 agents for 80 % in 20 s', () => {
    expect(erlangC(11, 10)).toBeCloseTo(0.6821, 4);
    expect(serviceLevel(11, 10, 20, 180)).toBeCloseTo(0.39, 2);
    expect(serviceLevel(13, 10, 20, 180)).toBeLessThan(0.8);
    const s = agentsNeeded({ contacts: 100, periodSec: 1800, handleSec: 180, targetSec: 20, level: 0.8 });
    expect(s.erlangs).toBe(10);
    expect(s.agents).toBe(14);
    expect(s.serviceLevel).toBeCloseTo(0.888, 3);
  });

  it('needs nobody for no load, one agent for a trickle, and stays finite for hundreds of agents', () => {
    expect(agentsNeeded({ contacts: 0, periodSec: 3600, handleSec: 60, targetSec: 90, level: 0.8 }).agents).toBe(0);
    expect(agentsNeeded({ contacts: 2, periodSec: 3600, handleSec: 60, targetSec: 90, level: 0.8 }).agents).toBe(1);
    const big = agentsNeeded({ contacts: 20_000, periodSec: 3600, handleSec: 60, targetSec: 20, level: 0.9 });
    expect(big.agents).toBeGreaterThan(333);
    expect(big.agents).toBeLessThan(380);
    expect(erlangC(5, 5)).toBe(1);
  });
});
