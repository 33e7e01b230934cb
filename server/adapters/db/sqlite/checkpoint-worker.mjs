/**
 * The background checkpointer's thread (started by ./checkpointer.ts; plain JavaScript so it loads the same under
 * tsx, vitest and node): its own connection to the database file runs a PASSIVE checkpoint every `intervalMs` —
 * it copies committed WAL frames into the database file and syncs both, never taking the write lock, so the
 * product's writer keeps committing meanwhile; once the WAL passes `restartFrames` frames, a RESTART checkpoint
 * (see step). Reports progress ({ log, checkpointed } frames) when there was any.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

const { path, intervalMs, restartFrames } = workerData;
const db = new Database(path, { fileMustExist: true });
db.pragma('busy_timeout = 20'); // a RESTART waits this long for the writer's lock, then gives up until next time
let timer;
let last = '';

function step() {
  try {
    let [r] = db.pragma('wal_checkpoint(PASSIVE)');
    // The WAL starts over only when a transaction begins with every frame copied, which unbroken load never
    // allows a PASSIVE checkpoint to see: past `restartFrames`, copy the last frames holding the write lock
    // (the writer's BEGIN waits asynchronously meanwhile), so that its next transaction starts the WAL over.
    if (r.log >= restartFrames) {
      const [q] = db.pragma('wal_checkpoint(RESTART)');
      if (!q.busy) r = q;
    }
    const key = `${r.log}/${r.checkpointed}`;
    if (r.log > 0 && key !== last) parentPort.postMessage({ type: 'checkpointed', busy: r.busy, log: r.log, checkpointed: r.checkpointed });
    last = key;
  } catch (err) {
    parentPort.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  }
  timer = setTimeout(step, intervalMs);
}

parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
parentPort.postMessage({ type: 'ready' });
step();
