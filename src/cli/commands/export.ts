import { parseArgs } from 'node:util';
import { exportParquet } from '../../query/export.ts';
import { EXIT, type Command } from '../command.ts';
import { withReadDatabase } from '../read-database.ts';

export const exportCommand: Command = {
  name: 'export',
  summary: 'write every table as Parquet, partitioned by fiscal_year and province (hive layout)',
  help: `usage: budget-ingest export --to DIR [--db PATH] [--views]

Writes each table to DIR/TABLE/fiscal_year=YYYY/province=NAME/*.parquet, readable by DuckDB,
Spark, Trino or any lakehouse engine; tables without those columns get them from their document.
A re-export replaces each table's folder. DIR/manifest.json lists every table's columns and rows.

Read it back in DuckDB:
  SELECT * FROM read_parquet('DIR/indicators/**/*.parquet', hive_partitioning = true);

options:
  --to DIR        output folder (created if missing)
  --db PATH       database file (default data/budget.duckdb)
  --wait SECONDS  how long to wait while an ingest run is writing (default 60)
  --views         also export the views indicator_facts and project_facts

exit: 0 ok, 2 usage, 3 database locked by a running ingest, 4 error`,
  async run(argv) {
    let values;
    try {
      ({ values } = parseArgs({
        args: argv,
        options: { to: { type: 'string' }, db: { type: 'string', default: 'data/budget.duckdb' }, wait: { type: 'string' }, views: { type: 'boolean', default: false } },
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
    return withReadDatabase('export', { db: values.db!, wait: values.wait }, async (db) => {
      const manifest = await exportParquet(db, to, { views: values.views });
      const width = Math.max(...manifest.tables.map((t) => t.name.length));
      for (const t of manifest.tables) console.log(`${t.name.padEnd(width)} ${String(t.rows).padStart(9)} rows`);
      console.log(`→ ${to} (hive layout, partitioned by fiscal_year, province; see manifest.json)`);
      return EXIT.ok;
    });
  },
};
