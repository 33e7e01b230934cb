/** `cli forecast` through a real child process (`tsx server/cli/main.ts forecast …`): the JSONL contract, history sources, errors. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, it, expect } from 'vitest';
import { openDb } from '../../../server/adapters/db/sqlite/index';
import { conversations, kfAccounts, messages } from '../../../server/adapters/db/sqlite/schema/index';
import { DEMO_CALENDAR, addDays, zonedInstant } from '../../../shared/calendar/index';
import { drawLoadEffects, forecastLoad, generateLoad, gridFromInstants } from '../../../shared/forecast/index';

const root = resolve(import.meta.dirname, '../../..');
const tsx = resolve(root, 'node_modules/.bin/tsx');
const dir = mkdtempSync(join(tmpdir(), 'moonshift-forecast-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], stdin = '', env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(tsx, ['server/cli/main.ts', 'forecast', ...args], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.on('error', () => { /* the CLI may stop reading after a bad line */ });
    child.stdin.end(stdin);
  });
}

/** One instant per message, spread over its hour. */
function messageInstants(seed: number, from: string, to: string, level?: number): number[] {
  const out: number[] = [];
  for (const h of generateLoad(DEMO_CALENDAR, drawLoadEffects(seed, level ? { level } : {}), seed, from, to).hours) {
    for (let i = 0; i < h.count; i++) out.push(h.at + Math.floor(((i + 0.5) / h.count) * 3_600_000));
  }
  return out;
}

const jsonl = (lines: unknown[]) => `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
const parse = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

// Each case runs the CLI as its own process (several at once): generous time on a busy machine.
describe('cli forecast', { timeout: 90_000 }, () => {
  it('writes one {"hour","expected","low","high"} line for every hour from --from (rounded down) for --days, whatever the server TZ', async () => {
    const instants = messageInstants(31, '2026-06-08', '2026-10-12');
    // History past --from is in the input too: the CLI learns only from what came before.
    const history = jsonl(instants.map((ms) => ({ at: new Date(ms).toISOString(), open_kfid: 'wkTeamA' })));
    const { code, stdout, stderr } = await cli(['--from', '2026-09-28T09:41:00+08:00', '--days', '14', '--history', '-'], history, { TZ: 'America/Los_Angeles' });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = parse(stdout);
    expect(lines).toHaveLength(14 * 24);
    expect(lines[0]).toMatchObject({ hour: '2026-09-28T09:00:00+08:00' });
    expect(lines.at(-1)).toMatchObject({ hour: '2026-10-12T08:00:00+08:00' });
    for (const [i, l] of lines.entries()) {
      expect(Object.keys(l)).toEqual(['hour', 'expected', 'low', 'high']);
      expect(Date.parse(String(l.hour))).toBe(Date.parse('2026-09-28T09:00:00+08:00') + i * 3_600_000);
      expect(Number(l.low)).toBeLessThanOrEqual(Number(l.expected));
      expect(Number(l.expected)).toBeLessThanOrEqual(Number(l.high));
    }
    // The same as the library computes in this process (another TZ), from the history before --from only.
    const from = Date.parse('2026-09-28T09:41:00+08:00');
    const own = forecastLoad(gridFromInstants(instants.filter((ms) => ms < from), DEMO_CALENDAR.timeZone), DEMO_CALENDAR, from, 14).hours;
    expect(lines).toEqual(own.map((h) => ({ hour: h.hour, expected: h.expected, low: h.low, high: h.high })));
    const day8 = lines.filter((l) => String(l.hour).startsWith('2026-10-08T1')).map((l) => Number(l.expected));
    const day3 = lines.filter((l) => String(l.hour).startsWith('2026-10-03T1')).map((l) => Number(l.expected));
    expect(Math.max(...day8)).toBeGreaterThan(2 * Math.max(...day3)); // 国庆 low, the day after it busy
  });

  it('keeps only the --team account\'s lines, reads a file, and with no history still answers every hour', async () => {
    const busy = messageInstants(32, '2026-08-03', '2026-09-28').map((ms) => ({ at: new Date(ms).toISOString(), open_kfid: 'wkBusy' }));
    const quiet = messageInstants(33, '2026-08-03', '2026-09-28', 20).map((ms) => ({ at: new Date(ms).toISOString(), open_kfid: 'wkQuiet' }));
    const file = join(dir, 'history.jsonl');
    await import('node:fs/promises').then((fs) => fs.writeFile(file, jsonl([...busy, ...quiet])));
    const total = (stdout: string) => parse(stdout).reduce((s, l) => s + Number(l.expected), 0);
    const [b, q, none] = await Promise.all([
      cli(['--from', '2026-09-28', '--days', '7', '--history', file, '--team', 'wkBusy']),
      cli(['--from', '2026-09-28', '--days', '7', '--history', file, '--team', 'wkQuiet']),
      // epoch milliseconds are read too; none of these lines is the asked team's
      cli(['--from', '2026-09-28', '--days', '2', '--history', '-', '--team', 'wkNobody'], jsonl(busy.slice(0, 100).map((l) => ({ ...l, at: Date.parse(l.at) })))),
    ]);
    expect(parse(b.stdout)).toHaveLength(168);
    expect(total(b.stdout)).toBeGreaterThan(8 * total(q.stdout));
    expect(total(q.stdout)).toBeGreaterThan(0);
    expect(none.code).toBe(0);
    expect(parse(none.stdout)).toHaveLength(48);
    expect(parse(none.stdout).every((l) => l.expected === 0 && l.low === 0 && l.high === 0)).toBe(true);
  });

  it('rejects a malformed history line or missing --from with exit 2, a message and no forecast', async () => {
    const [bad, noFrom, badDays] = await Promise.all([
      cli(['--from', '2026-09-28', '--days', '1', '--history', '-'], `${JSON.stringify({ at: '2026-09-01T10:00:00+08:00' })}\n{"at":"yesterday"}\n`),
      cli(['--days', '3', '--history', '-'], ''),
      cli(['--from', '2026-09-28', '--days', '0', '--history', '-'], ''),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/line 2/);
    expect(noFrom.code).toBe(2);
    expect(noFrom.stderr).toMatch(/--from is required/);
    expect(badDays.code).toBe(2);
  });

  it('without --history reads the database (DATABASE_PATH): customer messages only, per team', async () => {
    const path = join(dir, 'moonshift.db');
    const db = openDb(path);
    const instants = messageInstants(34, '2026-07-06', '2026-09-28', 120);
    db.transaction((tx) => {
      for (const k of ['wkA', 'wkB']) tx.insert(kfAccounts).values({ openKfid: k, name: k, createdAt: 0 }).run();
      const a = tx.insert(conversations).values({ openKfid: 'wkA', externalUserid: 'wmA', createdAt: 0, updatedAt: 0 }).returning().get();
      const b = tx.insert(conversations).values({ openKfid: 'wkB', externalUserid: 'wmB', createdAt: 0, updatedAt: 0 }).returning().get();
      instants.forEach((ms, i) => {
        const sendTime = Math.floor(ms / 1000);
        tx.insert(messages).values({ msgid: `m${i}`, conversationId: i % 10 === 0 ? b.id : a.id, origin: 3, msgtype: 'text', content: '{}', sendTime, receivedAt: ms }).run();
        if (i % 3 === 0) tx.insert(messages).values({ msgid: `r${i}`, conversationId: a.id, origin: 5, msgtype: 'text', content: '{}', sendTime, receivedAt: ms }).run();
      });
    });
    db.$client.close();
    const env = { DATABASE_PATH: path };
    const [org, teamB, missing] = await Promise.all([
      cli(['--from', '2026-09-28T00:00:00+08:00', '--days', '7'], '', env),
      cli(['--from', '2026-09-28T00:00:00+08:00', '--days', '7', '--team', 'wkB'], '', env),
      cli(['--from', '2026-09-28', '--days', '7'], '', { DATABASE_PATH: join(dir, 'nope.db') }),
    ]);
    expect(org.code).toBe(0);
    const total = (stdout: string) => parse(stdout).reduce((s, l) => s + Number(l.expected), 0);
    expect(parse(org.stdout)).toHaveLength(168);
    const ratio = total(teamB.stdout) / total(org.stdout);
    expect(ratio).toBeGreaterThan(0.07);
    expect(ratio).toBeLessThan(0.14);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no database/);
  });

  it('--backtest replays the history week by week next to seasonal-naive, overall and for holiday weeks', async () => {
    const history = jsonl(messageInstants(35, '2026-03-02', addDays('2026-03-02', 7 * 16)).map((ms) => ({ at: new Date(ms).toISOString() })));
    const { code, stdout } = await cli(['--backtest', '--history', '-'], history);
    expect(code).toBe(0);
    const lines = parse(stdout);
    const weeks = lines.filter((l) => 'week' in l), holidays = lines.find((l) => l.summary === 'holiday_weeks')!;
    expect(weeks.length).toBe(12);
    expect(weeks.some((w) => w.week === '2026-05-04' && w.holiday_week === true)).toBe(true);
    expect(lines.find((l) => l.summary === 'overall')).toMatchObject({ weeks: 12 });
    expect(Number(holidays.mae)).toBeLessThan(0.6 * Number(holidays.naive_mae));
    expect(Object.keys(weeks[0]!)).toEqual(['week', 'holiday_week', 'hours', 'mae', 'naive_mae', 'mae_ratio', 'coverage', 'busiest_hit_rate', 'naive_busiest_hit_rate']);
    expect(zonedInstant('2026-05-04', 0, DEMO_CALENDAR.timeZone)).toBeGreaterThan(0);
  });
});
