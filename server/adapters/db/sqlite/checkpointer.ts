/**
 * @module WAL checkpoints off the event loop. SQLite's own automatic checkpoint runs inside the COMMIT that
 * takes the WAL past 1,000 pages: that commit copies the pages into the database file and syncs the WAL and the
 * file, ~8 ms on the benchmark machine, several times a second under load — with the whole event loop stopped
 * (every callback, pull and send waits). Here a worker thread with its own connection checkpoints (PASSIVE: never
 * holding the write lock) every `intervalMs`, and the writer's automatic checkpoint is switched off while that
 * thread runs; should the thread fail or end, the writer takes checkpoints back (`wal_autocheckpoint` restored),
 * so the WAL never grows unchecked. A file database only (`:memory:` has no WAL).
 *
 * The WAL file starts over from its beginning when a transaction begins after everything in it was copied, which
 * under unbroken load a PASSIVE checkpoint never sees (the benchmark's mixed run grew it to 900 MB): past
 * `restartFrames` the thread takes a RESTART checkpoint (it holds the write lock for the last frames and the
 * syncs; the writer's `BEGIN IMMEDIATE` waits asynchronously). `journal_size_limit` trims a grown WAL file.
 */
import type Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';

/** SQLite's default automatic checkpoint threshold (pages), restored on the writer when the thread is gone. */
const AUTO_CHECKPOINT_PAGES = 1000;
/** The WAL file is truncated to this size when it starts over (bytes). */
const WAL_SIZE_LIMIT = 64 * 1024 * 1024;

export interface CheckpointProgress { busy: number; log: number; checkpointed: number }

export interface Checkpointer {
  /** Resolves once the thread runs and the writer's automatic checkpoint is off (never, if it cannot start: `onError` says why). */
  readonly ready: Promise<void>;
  /** Resolves with the next checkpoint that copied frames (tests, diagnostics). */
  next(): Promise<CheckpointProgress>;
  /** Stops the thread (it closes its connection) and gives checkpoints back to the writer. */
  stop(): Promise<void>;
}

type FromWorker = { type: 'ready' } | ({ type: 'checkpointed' } & CheckpointProgress) | { type: 'failed'; message: string };

export interface CheckpointerOptions {
  /** How often the thread checkpoints (default 200 ms: at ~4,000 WAL pages/s of load, about the default 1,000-page step). */
  intervalMs?: number;
  /**
   * WAL frames past which the thread makes the WAL start over (a RESTART checkpoint; default 16,384 ≈ 64 MiB, about
   * every 4 s at 200 messages/s: each holds the write lock ~5–15 ms under load, while the writer's transactions wait).
   */
  restartFrames?: number;
  /** A checkpoint or the thread failed (the writer has taken checkpoints back when the thread is gone). */
  onError?: (err: Error) => void;
}

export function startCheckpointer(writer: Database.Database, o: CheckpointerOptions = {}): Checkpointer | undefined {
  if (writer.memory) return undefined;
  writer.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
  const worker = new Worker(new URL('./checkpoint-worker.mjs', import.meta.url), {
    workerData: { path: writer.name, intervalMs: o.intervalMs ?? 200, restartFrames: o.restartFrames ?? 16384 },
  });
  worker.unref();
  let waiting: ((p: CheckpointProgress) => void)[] = [];
  let stopping = false;
  let started!: () => void;
  const ready = new Promise<void>((resolve) => { started = resolve; });
  const giveBack = () => { if (writer.open) writer.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`); };
  /** The last failure reported (a failure that repeats every 200 ms is reported once, until something else happens). */
  let reported = '';
  const report = (err: Error) => {
    if (err.message !== reported) o.onError?.(err);
    reported = err.message;
  };
  worker.on('message', (m: FromWorker) => {
    if (m.type === 'ready') {
      if (stopping || !writer.open) return; // stopped before it started: the writer keeps its own checkpoints
      writer.pragma('wal_autocheckpoint = 0');
      started();
    } else if (m.type === 'checkpointed') {
      reported = '';
      const done = waiting;
      waiting = [];
      for (const resolve of done) resolve({ busy: m.busy, log: m.log, checkpointed: m.checkpointed });
    } else report(new Error(`WAL checkpoint failed: ${m.message}`));
  });
  worker.on('error', (err) => { giveBack(); report(err); });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => {
    giveBack();
    if (!stopping) o.onError?.(new Error('the WAL checkpoint thread ended; the writer checkpoints again'));
    resolve();
  }));
  return {
    ready,
    next: () => new Promise((resolve) => { waiting.push(resolve); }),
    async stop() {
      stopping = true;
      worker.postMessage('stop');
      await exited;
    },
  };
}
