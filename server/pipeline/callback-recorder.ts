/**
 * @module Records verified callbacks for diagnostics without a SQLite commit per request: rows are
 * buffered and written in one transaction every few milliseconds. A callback carries no content ("pull now"),
 * so a row lost in a crash loses nothing — the start-up catch-up sync fetches every message anyway.
 * Rows older than `CALLBACK_RETENTION_MS` (7 days: diagnostics look back 24 h) are pruned at most hourly.
 */
import type { Statement } from 'better-sqlite3';
import type { callbackEvents } from '../db/schema/index';
import type { Db } from '../db/index';
import { stages } from './stages';

export type CallbackRow = Pick<typeof callbackEvents.$inferInsert, 'receivedAt' | 'msgType' | 'event' | 'openKfid' | 'raw' | 'ackMs'>;

/** Rows are written at most this late; one commit per interval instead of one per request. */
const FLUSH_MS = 10;
export const CALLBACK_RETENTION_MS = 7 * 24 * 3_600_000;
const PRUNE_EVERY_MS = 3_600_000;

export class CallbackRecorder {
  private buffer: CallbackRow[] = [];
  private scheduled = false;

  private readonly insert: Statement<[number, string, string | null, string | null, string, number | null]>;
  private readonly insertAll: (rows: CallbackRow[]) => void;
  private readonly prune: Statement<[number]>;
  private prunedAt = -Infinity;

  constructor(db: Db) {
    // The hottest write in the product: a statement prepared once, run in one transaction per batch.
    this.insert = db.$client.prepare('insert into callback_events (received_at, msg_type, event, open_kfid, raw, ack_ms) values (?, ?, ?, ?, ?, ?)');
    this.insertAll = db.$client.transaction((rows: CallbackRow[]) => {
      for (const r of rows) this.insert.run(r.receivedAt, r.msgType, r.event ?? null, r.openKfid ?? null, r.raw, r.ackMs ?? null);
    });
    this.prune = db.$client.prepare('delete from callback_events where received_at < ?');
  }

  record(row: CallbackRow): void {
    if (row.ackMs != null) stages.add('callback', BigInt(Math.round(row.ackMs * 1e6)));
    this.buffer.push(row);
    if (this.scheduled) return;
    this.scheduled = true;
    setTimeout(() => this.flush(), FLUSH_MS).unref();
  }

  /** Writes everything buffered so far (also called before marking rows processed). */
  flush(): void {
    this.scheduled = false;
    if (this.buffer.length === 0) return;
    const rows = this.buffer;
    this.buffer = [];
    stages.time('bookkeeping', () => this.insertAll(rows));
    const newest = rows[rows.length - 1]!.receivedAt;
    if (newest - this.prunedAt >= PRUNE_EVERY_MS) {
      this.prunedAt = newest;
      this.prune.run(newest - CALLBACK_RETENTION_MS);
    }
  }
}
