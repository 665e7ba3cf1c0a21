// budget-ingest command line: dispatches to the commands in ./commands.
// A command's module (and all it pulls in: DuckDB, zod schemas, zip readers…) is imported only
// when that command runs, so `--help` and `--version` start in a blink (issue #14).
import { EXIT, type Command } from './command.ts';
import { PACKAGE_VERSION } from '../version.ts';
import { quietOnClosedOutput } from './closed-output.ts';

interface Listed {
  name: string;
  /** One line for the command list. */
  summary: string;
  load(): Promise<Command>;
}

const commands: Listed[] = [
  { name: 'ingest', summary: 'load disclosures (PDF, DOCX, legacy .doc, text; ZIP bundles of them) into a DuckDB database', load: async () => (await import('./commands/ingest.ts')).ingest },
  { name: 'run', summary: 'run a pipeline definition (pipelines/NAME.json): incremental batch load', load: async () => (await import('./commands/run.ts')).run },
  { name: 'merge', summary: 'combine shard databases (or their Parquet exports) into one database', load: async () => (await import('./commands/merge.ts')).merge },
  { name: 'query', summary: 'run a named query (queries/*.sql) or SQL on the database, read-only', load: async () => (await import('./commands/query.ts')).query },
  { name: 'export', summary: 'write every table as Parquet, partitioned by fiscal_year and province (hive layout)', load: async () => (await import('./commands/export.ts')).exportCommand },
  { name: 'report', summary: 'write a self-contained HTML overview of the database (charts inline, no network)', load: async () => (await import('./commands/report.ts')).reportCommand },
  { name: 'serve', summary: 'open the local explorer: browse, chart, export and see each number in its source (read-only)', load: async () => (await import('./commands/serve.ts')).serve },
  { name: 'normalize', summary: 'normalize target values (指标值): operator, number, range, canonical unit', load: async () => (await import('./commands/normalize.ts')).normalize },
];

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
  const listed = commands.find((c) => c.name === name);
  if (!listed) {
    console.error(`budget-ingest: unknown command "${name}"\n\n${usage()}`);
    return EXIT.usage;
  }
  const cmd = await listed.load();
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
