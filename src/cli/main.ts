// budget-ingest command line: dispatches to the commands in ./commands.
import { EXIT, type Command } from './command.ts';
import { ingest } from './commands/ingest.ts';
import { run } from './commands/run.ts';
import { merge } from './commands/merge.ts';
import { query } from './commands/query.ts';
import { exportCommand } from './commands/export.ts';
import { reportCommand } from './commands/report.ts';
import { normalize } from './commands/normalize.ts';
import { serve } from './commands/serve.ts';
import { PACKAGE_VERSION } from '../version.ts';
import { quietOnClosedOutput } from './closed-output.ts';

const commands: Command[] = [ingest, run, merge, query, exportCommand, reportCommand, serve, normalize];

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `budget-ingest ${PACKAGE_VERSION}: Chinese budget disclosures → DuckDB

usage: budget-ingest COMMAND [options]

commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run budget-ingest COMMAND --help for a command's options; budget-ingest --version (-V) prints the version.

exit codes: 0 ok · 1 some documents failed (the rest loaded) · 2 bad usage or configuration
            3 another run holds the database · 4 fatal error`;
}

export async function main(argv: string[]): Promise<number> {
  quietOnClosedOutput();
  const [name, ...rest] = argv;
  // No arguments: the help, as a successful answer to "what can this do?".
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return EXIT.ok;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    console.log(PACKAGE_VERSION);
    return EXIT.ok;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    console.error(`budget-ingest: unknown command "${name}"\n\n${usage()}`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(cmd.help);
    return EXIT.ok;
  }
  try {
    return await cmd.run(rest);
  } catch (err) {
    console.error(`budget-ingest ${name}: ${(err as Error).message}`);
    // node:util parseArgs (unknown option, missing value): bad usage, whichever command.
    return isUsageError(err) ? EXIT.usage : EXIT.fatal;
  }
}

function isUsageError(err: unknown): boolean {
  return String((err as NodeJS.ErrnoException)?.code ?? '').startsWith('ERR_PARSE_ARGS_');
}
