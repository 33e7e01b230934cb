/**
 * @module `.ci/run`'s handle on the throw-away cluster: `start` prints `TEST_PG_URL=…` and `PG_CLUSTER_DIR=…`
 * lines to eval, `stop <dir>` stops the cluster and deletes its directory.
 */
import { startPgCluster, stopPgCluster } from './pg-cluster';

const [cmd, dir] = process.argv.slice(2);
if (cmd === 'start') {
  const c = await startPgCluster();
  process.stdout.write(`TEST_PG_URL=${c.url}\nPG_CLUSTER_DIR=${c.dir}\n`);
} else if (cmd === 'stop' && dir) {
  stopPgCluster(dir);
} else {
  process.stderr.write('usage: pg-cluster-cli.ts start | stop <dir>\n');
  process.exitCode = 2;
}
