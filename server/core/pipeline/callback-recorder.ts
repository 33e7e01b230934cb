/**
 * @module Records verified callbacks for diagnostics without a commit per request: rows are buffered and
 * written with the pull's own bookkeeping (the transaction that moves the pull watermark), or in one transaction
 * of their own after a quarter of a second when no pull takes them. A callback carries no content ("pull now"),
 * so a row lost in a crash loses nothing — the start-up catch-up sync fetches every message anyway.
 * Rows older than `CALLBACK_RETENTION_MS` (7 days: diagnostics look back 24 h) are pruned at most hourly.
 */
import { lt } from 'drizzle-orm';
import type { callbackEvents } from '../../adapters/db/sqlite/schema/index';
import type { Tx, UnitOfWork } from '../ports/unit-of-work';
import { reusableQuery } from '../ports/reusable-query';
import { stages } from './stages';

export type CallbackRow = Pick<typeof callbackEvents.$inferInsert, 'receivedAt' | 'msgType' | 'event' | 'openKfid' | 'raw' | 'ackMs'>;

/**
 * Rows no pull took are written this late, in one commit per interval instead of one per request; a callback that
 * asks for a pull is normally written by that pull's bookkeeping well before (a few milliseconds after it came).
 */
const FLUSH_MS = 250;
export const CALLBACK_RETENTION_MS = 7 * 24 * 3_600_000;
const PRUNE_EVERY_MS = 3_600_000;

/* One row per verified callback (reusable: built once, see core/ports/reusable-query.ts). */
const insertRow = reusableQuery('callback_events_insert', ['receivedAt', 'msgType', 'event', 'openKfid', 'raw', 'ackMs'], ({ db, t: { callbackEvents: c } }, p) =>
  db.insert(c).values({ receivedAt: p.receivedAt, msgType: p.msgType, event: p.event, openKfid: p.openKfid, raw: p.raw, ackMs: p.ackMs }));

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
    setTimeout(() => { if (this.scheduled) void this.flush(); }, FLUSH_MS).unref();
  }

  /** Writes everything buffered so far, in one transaction of its own (the flush timer, shutdown, tests). */
  flush(): Promise<void> {
    const rows = this.take();
    if (rows.length > 0) {
      this.writing = this.writing.then(async () => {
        try {
          await this.uow.run((tx) => this.insert(tx, rows));
        } catch (err) {
          this.onError(err); // diagnostics rows only: a callback carries no content, the pull fetches everything anyway
        }
      });
    }
    return this.writing;
  }

  /**
   * Writes everything buffered so far in the caller's transaction (the pull's own bookkeeping), instead of a commit
   * of its own; rolled back with it (diagnostics rows only, as above).
   */
  async writeIn(tx: Tx): Promise<void> {
    const rows = this.take();
    if (rows.length > 0) await this.insert(tx, rows);
  }

  private take(): CallbackRow[] {
    this.scheduled = false;
    const rows = this.buffer;
    this.buffer = [];
    return rows;
  }

  private async insert(tx: Tx, rows: CallbackRow[]): Promise<void> {
    const { callbackEvents: c } = tx.t;
    const values = rows.map((r) => ({ ...r, event: r.event ?? null, openKfid: r.openKfid ?? null, ackMs: r.ackMs ?? null }));
    // SQLite: the one prepared statement per row (a statement costs microseconds, building a multi-row insert more);
    // PostgreSQL: one multi-row insert (each statement is a round trip)
    if (tx.engine === 'sqlite' || values.length === 1) for (const v of values) await insertRow(tx, v);
    else await tx.db.insert(c).values(values);
    const newest = rows[rows.length - 1]!.receivedAt;
    if (newest - this.prunedAt >= PRUNE_EVERY_MS) {
      this.prunedAt = newest;
      await tx.db.delete(c).where(lt(c.receivedAt, newest - CALLBACK_RETENTION_MS));
    }
  }
}
