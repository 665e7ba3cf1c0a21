import { parseArgs } from 'node:util';
import fs from 'node:fs';
import { ExportTargetError, exportParquet, makeStagingDir, previousExport } from '../../query/export.ts';
import { openLockedDown } from '../../query/open.ts';
import { EXIT, type Command } from '../command.ts';
import { READ_EXIT_HELP, READ_OPTIONS, READ_OPTIONS_HELP, withReadDatabase } from '../read-database.ts';

export const exportCommand: Command = {
  name: 'export',
  help: `usage: budget-ingest export --to DIR [--db PATH] [--views]

Writes each table to DIR/TABLE/fiscal_year=YYYY/province=NAME/*.parquet, readable by DuckDB,
Spark, Trino or any lakehouse engine; tables without those columns get them from their document.
DIR/manifest.json lists every table's columns and rows, and every file written. DIR must be new,
empty, or a previous export: a re-export replaces only the files the previous one wrote (files
of yours in DIR stay), and a non-empty folder that is not an export is refused.

Read it back in DuckDB:
  SELECT * FROM read_parquet('DIR/indicators/**/*.parquet', hive_partitioning = true);

options:
  --to DIR        output folder (created if missing)
${READ_OPTIONS_HELP}
  --views         also export the views indicator_facts and project_facts

${READ_EXIT_HELP}`,
  async run(argv) {
    let values;
    try {
      ({ values } = parseArgs({
        args: argv,
        options: { to: { type: 'string' }, ...READ_OPTIONS, views: { type: 'boolean', default: false } },
      }));
    } catch (err) {
      console.error(`export: ${(err as Error).message}`);
      return EXIT.usage;
    }
    if (!values.to) {
      console.error('export: give the output folder with --to DIR');
      return EXIT.usage;
    }
    const to = values.to;
    try {
      previousExport(to);
    } catch (err) {
      if (!(err instanceof ExportTargetError)) throw err;
      console.error(`export: ${err.message}`);
      return EXIT.usage;
    }
    // Written into a private folder beside DIR, the only place the connection may write, then moved in.
    const staging = makeStagingDir(to);
    const open = (db: string, options: { timeoutMs?: number }) => openLockedDown(db, { ...options, writeDir: staging });
    try {
      return await withReadDatabase('export', { db: values.db!, wait: values.wait, open }, async (db) => {
      const manifest = await exportParquet(db, to, { views: values.views, staging });
      const width = Math.max(...manifest.tables.map((t) => t.name.length));
      for (const t of manifest.tables) console.log(`${t.name.padEnd(width)} ${String(t.rows).padStart(9)} rows`);
      console.log(`→ ${to} (hive layout, partitioned by fiscal_year, province; see manifest.json)`);
      return EXIT.ok;
      });
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  },
};
