/**
 * @module `SetupCheck`: the doctor's read-only checks run inside the server — in the background at start in live mode
 * (start is never blocked, a failure only shows in diagnostics) and again when an admin asks — with the latest report
 * kept in memory for the diagnostics page.
 */
import type { CoreDeps } from '../../app/deps';
import { runDoctor, type DoctorLine } from './run';

export interface SetupReport {
  /** When the latest check finished (ms), null before the first. */
  checkedAt: number | null;
  running: boolean;
  capabilities: DoctorLine[];
}

export class SetupCheck {
  private last: { at: number; lines: DoctorLine[] } | null = null;
  private inflight: Promise<void> | null = null;

  constructor(private readonly d: Pick<CoreDeps, 'wecom' | 'clock' | 'log' | 'config'>) {}

  /** Starts a check in the background (never awaited by the caller, never throws). */
  start(): this {
    void this.run();
    return this;
  }

  /** Runs the read-only checks (one at a time: a second caller shares the run under way). */
  run(): Promise<void> {
    this.inflight ??= (async () => {
      try {
        const lines = await runDoctor({ wecom: this.d.wecom, secrets: this.d.config.wecom.secrets, now: this.d.clock.now() });
        this.last = { at: this.d.clock.now(), lines };
        const failed = lines.filter((l) => !l.ok).map((l) => `${l.capability} ${l.errcode ?? ''}`.trim());
        if (failed.length > 0) this.d.log.warn({ failed }, 'setup check: some WeCom capabilities fail (see admin diagnostics)');
      } catch (err) {
        this.d.log.error({ err }, 'setup check crashed');
      } finally {
        this.inflight = null;
      }
    })();
    return this.inflight;
  }

  report(): SetupReport {
    return { checkedAt: this.last?.at ?? null, running: this.inflight !== null, capabilities: this.last?.lines ?? [] };
  }
}
