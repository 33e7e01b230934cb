/**
 * @module `npm run cli -- <command> [...args]`: dispatches to `server/cli/<command>.ts`, whose
 * `run(args)` reads stdin / writes stdout and resolves to the exit code.
 */
const COMMANDS = {
  classify: () => import('./classify'),
  doctor: () => import('./doctor'),
  eval: () => import('./eval'),
  forecast: () => import('./forecast'),
  simulate: () => import('./simulate'),
} as const satisfies Record<string, () => Promise<{ run(args: string[]): Promise<number> }>>;

type Command = keyof typeof COMMANDS;

function isCommand(name: string | undefined): name is Command {
  return name !== undefined && Object.hasOwn(COMMANDS, name);
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!isCommand(name)) {
    process.stderr.write(`usage: npm run --silent cli -- <${Object.keys(COMMANDS).join('|')}> [options]\n`);
    return 2;
  }
  const command = await COMMANDS[name]();
  return command.run(args);
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
