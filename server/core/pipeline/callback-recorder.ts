/**
 * @module Records verified callbacks for diagnostics without a SQLite commit per request: rows are
 * buffered and written in one transaction every few milliseconds. A callback carries no content ("pull now"),
 * so a row lost in a crash loses nothing — the start-up catch-up sync fetches every message anyway.
 * Rows older than `CALLBACK_RETENTION_MS` (7 days: diagnostics look back 24 h) are pruned at most hourly.
 */
import { lt } from 'drizzle-orm';
import type { callbackEvents } from '../../adapters/db/sqlite/schema/index';
import type { UnitOfWork } from '../ports/unit-of-work';
import { stages } from './stages';

export type CallbackRow = Pick<typeof callbackEvents.$inferInsert, 'receivedAt' | 'msgType' | 'event' | 'openKfid' | 'raw' | 'ackMs'>;

/** Rows are written at most this late; one commit per interval instead of one per request. */
const FLUSH_MS = 10;
export const CALLBACK_RETENTION_MS = 7 * 24 * 3_600_000;
const PRUNE_EVERY_MS = 3_600_000;

export class CallbackRecorder {
  private buffer: CallbackRow[] = [];
  private scheduled = false;
  private prunedAt = -Infinity;
  /** The batch being written (a flush waits for it: what was recorded before the flush is stored when it resolves). */
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly uow: UnitOfWork, private readonly onError: (err: unknown) => void) {}

  record(row: CallbackRow): void {
    if (row.ackMs != null) stages.add('callback', BigInt(Math.round(row.ackMs * 1e6)));
    this.buffer.push(row);
    if (this.scheduled) return;
    this.scheduled = true;
    setTimeout(() => { void this.flush(); }, FLUSH_MS).unref();
  }

  /** Writes everything buffered so far, in one transaction (also called before marking rows processed). */
  flush(): Promise<void> {
    this.scheduled = false;
    const rows = this.buffer;
    this.buffer = [];
    if (rows.length > 0) this.writing = this.writing.then(() => this.write(rows));
    return this.writing;
  }

  private async write(rows: CallbackRow[]): Promise<void> {
    const newest = rows[rows.length - 1]!.receivedAt;
    const prune = newest - this.prunedAt >= PRUNE_EVERY_MS;
    if (prune) this.prunedAt = newest;
    try {
      await this.uow.run(async (tx) => {
        const { callbackEvents: c } = tx.t;
        await tx.db.insert(c).values(rows.map((r) => ({ ...r, event: r.event ?? null, openKfid: r.openKfid ?? null, ackMs: r.ackMs ?? null })));
        if (prune) await tx.db.delete(c).where(lt(c.receivedAt, newest - CALLBACK_RETENTION_MS));
      });
    } catch (err) {
      this.onError(err); // diagnostics rows only: a callback carries no content, the pull fetches everything anyway
    }
  }
}
