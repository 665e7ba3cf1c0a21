import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { parsePipeline } from '../../pipeline/config.ts';
import { EXIT, type Command } from '../command.ts';
import { batchExitHelp, batchOptions, batchOptionsHelp, executeBatch } from './run.ts';

export const ingest: Command = {
  name: 'ingest',
  help: `usage: budget-ingest ingest FILES_OR_DIRS… --db PATH [options]

Extracts, recognizes and normalizes every file (folders are read recursively; names starting
with '.' or '~$' are skipped) and loads each document into the database, replacing the rows of
the same content or of an older version of the same file. The same batch runner as
\`budget-ingest run\` (worker threads, run log, lock, failures view), except that every named
file is parsed again by default, so a changed pipeline is always applied; pass --incremental to
skip files already loaded unchanged, as \`run\` does.

options:
  --db PATH        database file (created if missing; default data/budget.duckdb)
  --incremental    skip files whose content is already loaded by this pipeline version
${batchOptionsHelp.replace(/ {2}--full .*\n/, '')}

examples:
  budget-ingest ingest data/samples --db /tmp/x.duckdb
  budget-ingest ingest report.pdf more/ --db data/budget.duckdb --incremental

${batchExitHelp}`,
  async run(argv) {
    let parsed;
    try {
      parsed = parseArgs({ args: argv, allowPositionals: true, options: { ...batchOptions, incremental: { type: 'boolean', default: false }, db: { type: 'string', default: 'data/budget.duckdb' } } });
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
    return executeBatch(pipeline, { ...values, full: values.full || !values.incremental }, 'ingest');
  },
};
