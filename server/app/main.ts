/** @module Process entry (`npm start`): boots Moonshift from the environment and prints where to look. */
import { startMoonshift } from './start';
import { ConfigError } from './env';
import { wallUrlIn } from '../core/walls/walls';

try {
  const app = await startMoonshift(process.env);
  const lines = [
    '',
    `  Moonshift is running (${app.deps.config.mode} mode)`,
    `  Customer chat demo:   ${app.url}/demo`,
    `  Health:               ${app.url}/healthz`,
    `  WeCom callback URL:   ${app.url}/wecom/callback`,
  ];
  lines.push(`  Agent sidebar:        ${app.url}/sidebar/      Admin: ${app.url}/admin/`);
  if (app.simUrl) {
    lines.push(`  WeCom simulator:      ${app.simUrl}/sim/state`);
    const agents = await app.deps.shared.uow.read(({ db, t }) => db.select({ userid: t.agents.userid, name: t.agents.name }).from(t.agents));
    for (const a of agents) {
      lines.push(`  Profile wall ${a.name}:   ${await app.deps.shared.uow.run((tx) => wallUrlIn(tx, app.deps, a.userid))}`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
  const stop = () => { void app.close().finally(() => process.exit(0)); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (err) {
  process.stderr.write(`${err instanceof ConfigError ? err.message : err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
}
