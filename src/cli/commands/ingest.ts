import { parseArgs } from 'node:util';
import { ensureSchema, openDatabase } from '../../load/database.ts';
import { loadDocument } from '../../load/loader.ts';
import { processFile } from '../../pipeline/process.ts';
import { EXIT, type Command } from '../command.ts';
import { listInputFiles } from '../files.ts';

export const ingest: Command = {
  name: 'ingest',
  summary: 'load disclosures (PDF, DOCX, text) into a DuckDB database',
  help: `usage: budget-ingest ingest FILES_OR_DIRS… --db PATH

Extracts, recognizes and normalizes every file (folders are read recursively) and loads each
document into the database in its own transaction. A file whose content is already loaded is
replaced by the same rows; a changed file replaces its older rows.

options:
  --db PATH   database file (created if missing; default data/budget.duckdb)

exit: 0 all documents loaded, 1 some failed (see the failures in the documents table), 2 usage, 4 fatal`,
  async run(argv) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { db: { type: 'string', default: 'data/budget.duckdb' } } });
    if (positionals.length === 0) {
      console.error('ingest: name at least one file or folder (see budget-ingest ingest --help)');
      return EXIT.usage;
    }
    const files = listInputFiles(positionals);
    const db = await openDatabase(values.db!);
    let failed = 0;
    try {
      await ensureSchema(db);
      for (const f of files) {
        const doc = await processFile(f);
        await loadDocument(db, doc);
        if (doc.info.status === 'failed') {
          failed++;
          console.error(`${f}: failed at ${doc.info.failed_stage}: ${doc.info.error}`);
        }
      }
    } finally {
      db.close();
    }
    console.log(`${files.length} files, ${files.length - failed} loaded, ${failed} failed → ${values.db}`);
    return failed ? EXIT.someFailed : EXIT.ok;
  },
};
