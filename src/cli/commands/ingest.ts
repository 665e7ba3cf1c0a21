import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { parsePipeline } from '../../pipeline/config.ts';
import { EXIT, type Command } from '../command.ts';
import { batchExitHelp, batchOptions, batchOptionsHelp, executeBatch } from './run.ts';

export const ingest: Command = {
  name: 'ingest',
  summary: 'load disclosures (PDF, DOCX, text) into a DuckDB database',
  help: `usage: budget-ingest ingest FILES_OR_DIRS… --db PATH [options]

Extracts, recognizes and normalizes every file (folders are read recursively; names starting
with '.' or '~$' are skipped) and loads each document into the database in its own transaction.
The same batch runner as \`budget-ingest run\`: files already loaded with the same content are
skipped, a changed file replaces its older rows, parsing runs in worker threads.

options:
  --db PATH        database file (created if missing; default data/budget.duckdb)
${batchOptionsHelp}

examples:
  budget-ingest ingest data/samples --db /tmp/x.duckdb
  budget-ingest ingest report.pdf more/ --db data/budget.duckdb --full

${batchExitHelp}`,
  async run(argv) {
    let parsed;
    try {
      parsed = parseArgs({ args: argv, allowPositionals: true, options: { ...batchOptions, db: { type: 'string', default: 'data/budget.duckdb' } } });
    } catch (err) {
      console.error(`ingest: ${(err as Error).message} (see budget-ingest ingest --help)`);
      return EXIT.usage;
    }
    const { values, positionals } = parsed;
    if (positionals.length === 0) {
      console.error('ingest: name at least one file or folder (see budget-ingest ingest --help)');
      return EXIT.usage;
    }
    const missing = positionals.filter((p) => !fs.existsSync(p));
    if (missing.length) {
      console.error(`ingest: no such file or folder: ${missing.join(', ')}`);
      return EXIT.usage;
    }
    const pipeline = parsePipeline({ name: 'ingest', sources: positionals, database: values.db }, null, 'ingest');
    return executeBatch(pipeline, values, 'ingest');
  },
};
