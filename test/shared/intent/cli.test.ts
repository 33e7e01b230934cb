/** @module The classify and eval CLIs through a real child process (`tsx server/cli/main.ts …` with stdin). */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, it, expect } from 'vitest';
import type { ComparisonReport, ConversationsRun } from '../../../shared/intent/index';

const root = resolve(import.meta.dirname, '../../..');
const tsx = resolve(root, 'node_modules/.bin/tsx');

function cli(args: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(tsx, ['server/cli/main.ts', ...args], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('cli classify', () => {
  it('answers one JSON line per input line, with an error line for bad input', async () => {
    const input = [
      JSON.stringify({ text: '东西用了一周就坏了' }), 'not json', JSON.stringify({ text: '着火了！！！' }),
      JSON.stringify({ nope: 1 }), '', JSON.stringify({ text: '' }), JSON.stringify({ text: '转人工' }),
    ].join('\n');
    const { code, stdout } = await cli(['classify'], `${input}\n`);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(7);
    expect(lines[0]).toMatchObject({ text: '东西用了一周就坏了', intent: 'after_sales' });
    expect(Object.keys(lines[0] ?? {})).toEqual(['text', 'intent', 'confidence', 'emotion']);
    expect(lines[1]).toMatchObject({ error: 'invalid JSON', line: 2 });
    expect(lines[2]).toMatchObject({ intent: 'urgent' });
    expect(Number(lines[2]?.['emotion'])).toBeGreaterThan(0.8);
    expect(lines[3]?.['error']).toBeTypeOf('string');
    expect(lines[4]?.['error']).toBe('empty line');
    expect(lines[5]).toMatchObject({ text: '', intent: 'other' });
    expect(lines[6]).toMatchObject({ intent: 'human_agent' });
  });

  it('rejects an unknown option with exit code 2', async () => {
    const { code, stderr } = await cli(['classify', '--bogus']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown option/);
  });
});

describe('cli eval', () => {
  it('reports model and keyword matcher side by side for a CSV file', async () => {
    const { code, stdout } = await cli(['eval', '--file', 'test/fixtures/intent/sample.csv']);
    expect(code).toBe(0);
    const r = JSON.parse(stdout) as ComparisonReport & { skipped: number };
    expect(r.rows).toBe(7);
    expect(r.skipped).toBe(1);
    for (const side of [r.model, r.keyword]) {
      expect(side.accuracy).toBeTypeOf('number');
      expect(side.macroF1).toBeTypeOf('number');
      expect(side.otherFalseAcceptRate).toBeTypeOf('number');
      expect(side.latencyMs.p99).toBeTypeOf('number');
      expect(side.perIntent.length).toBeGreaterThan(0);
    }
    expect(r.model.emotion?.labelled).toBe(5);
    expect(r.delta.macroF1).toBeTypeOf('number');
  });

  it('reads JSONL, counts bad lines and prints a table with --format table', async () => {
    const { code, stdout } = await cli(['eval', '--file', 'test/fixtures/intent/sample.jsonl', '--format', 'table']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/rows: 4 {3}skipped: 1/);
    expect(stdout).toMatch(/macro-F1/);
    expect(stdout).toMatch(/latency p50 \/ p99/);
  });

  it('fails clearly for a missing file and for an --at without an offset', async () => {
    expect((await cli(['eval', '--file', 'test/fixtures/intent/nope.csv'])).code).toBe(1);
    const at = await cli(['eval', '--file', 'test/fixtures/intent/sample.csv', '--at', '2026-01-01 12:30']);
    expect(at.code).toBe(2);
    expect(at.stderr).toMatch(/--at/);
  });

  it('runs conversation/at sets as conversations in time order: per-kind accuracy, the window and template at each step, the flows', async () => {
    const { code, stdout } = await cli(['eval', '--file', 'test/fixtures/intent/conversations.csv']);
    expect(code).toBe(0);
    const r = JSON.parse(stdout) as ComparisonReport & { skipped: number; problems: { line: number; error: string }[]; conversations: ConversationsRun };
    expect(r.rows).toBe(6);
    expect(r.problems).toEqual([{ line: 8, error: expect.stringMatching(/ISO-8601 instant with an offset/) }]);
    expect(r.perKind?.map((k) => k.kind)).toEqual(['short', 'business', 'pinyin', 'sarcasm', 'annoyed', 'emergency']);
    const steps = Object.fromEntries(r.conversations.conversations.map((c) => [c.conversation, c.steps]));
    // across 20:59 → 21:01 the desk closes: the second message of the same customer gets the night notice
    expect(steps['王女士']?.map((s) => [s.at, s.window])).toEqual([['2026-11-26T20:59:00+08:00', 'open'], ['2026-11-26T21:01:00+08:00', 'night']]);
    expect(steps['王女士']?.[1]?.templates).toContain('night');
    // a line without an instant follows its predecessor a minute later (still the lunch break)
    expect(steps['李先生']?.map((s) => [s.at, s.window])).toEqual([['2026-11-26T13:20:00+08:00', 'lunch'], ['2026-11-26T13:21:00+08:00', 'lunch']]);
    expect(steps['张女士']?.[0]?.templates).toEqual(['tpl_annoyed']);
    // the emergency flow runs; with nobody on duty in the evaluation's desk its promise of a transfer is
    // replaced by the truthful no-agent answer (never silent: no promise that cannot be kept)
    expect(steps['赵先生']?.[0]?.templates).toEqual(['tpl_no_agent']);
    expect(r.conversations.flows).toMatchObject({ emergency: { expected: 1, hits: 1 }, annoyed: { expected: 1, hits: 1, fired: 1 } });
    expect(r.conversations.decisionMs.count).toBe(6);
  }, 60_000);

  it('with --at runs every question through the decision pipeline at each instant: open, lunch, National Day', async () => {
    const r = await cli(['eval', '--file', 'test/fixtures/intent/sample.csv',
      '--at', '2026-11-26T10:00:00+08:00', '--at', '2026-11-26T13:30:00+08:00', '--at', '2026-10-02T10:00:00+08:00']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { decisions: { window: string; nextOpenAt: string | null; templates: Record<string, number> }[] };
    expect(report.decisions.map((d) => d.window)).toEqual(['open', 'lunch', 'holiday']);
    expect(report.decisions[1]!.templates.lunch).toBeGreaterThan(0);
    expect(report.decisions[2]).toMatchObject({ nextOpenAt: '2026-10-08T09:00:00+08:00' });
    expect(report.decisions[2]!.templates.tpl_holiday).toBeGreaterThan(0);
  }, 60_000);
});
