/**
 * @module Every attack reports its figure — how many requests were tried, refused, and what got stored — as a
 * line on stdout and in `test-results/security-figures.jsonl`, so a run leaves the numbers behind.
 */
import { appendFileSync, mkdirSync } from 'node:fs';

export interface Figure {
  tried: number;
  refused: number;
  stored: number;
  [more: string]: number | string;
}

export function figure(attack: string, f: Figure): void {
  const line = { attack, ...f };
  mkdirSync('test-results', { recursive: true });
  appendFileSync('test-results/security-figures.jsonl', `${JSON.stringify(line)}\n`);
  console.log(`[security] ${attack}: ${Object.entries(f).map(([k, v]) => `${k} ${v}`).join(', ')}`);
}
