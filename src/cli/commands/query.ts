import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { toCsv, toJson, toTable } from '../../query/format.ts';
import type { QueryResult } from '../../query/run.ts';
import { listNamedQueries, resolveQuery } from '../../query/named.ts';
import { openLockedDown } from '../../query/open.ts';
import { copyQueryToParquet, runQuery } from '../../query/run.ts';
import { EXIT, type Command } from '../command.ts';
import { isSameFile, READ_OPTIONS, withReadDatabase } from '../read-database.ts';

const FORMATS = ['table', 'csv', 'json', 'parquet'] as const;
type Format = (typeof FORMATS)[number];

function namedQueryList(): string {
  const qs = listNamedQueries();
  const width = Math.max(0, ...qs.map((q) => q.name.length));
  return qs.map((q) => {
    const params = q.params.map((p) => `\n  ${' '.repeat(width)}  --param ${p.name}=${p.default || "''"}  ${p.description}`).join('');
    return `  ${q.name.padEnd(width)}  ${q.title}${params}`;
  }).join('\n');
}

function parseParams(list: string[], option = '--param'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`${option} takes NAME=${option === '--table' ? 'FILE' : 'VALUE'}, got "${item}"`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

class UsageError extends Error {}

export const query: Command = {
  name: 'query',
  get help() {
    return `usage: budget-ingest query NAME|"SQL" [--db PATH] [--format table|csv|json|parquet] [--out FILE] [--param NAME=VALUE]…

Opens the database read-only and runs a named query from queries/ or the SQL given in quotes.
The query cannot write, attach, install or load anything, change a setting, or read a file other
than those given with --table (see docs/researchers.md, "What query can and cannot do").
The views indicator_facts and project_facts join indicators and projects with their document's
year, region and agency (see docs/data-dictionary.md).

options:
  --db PATH          database file (default data/budget.duckdb)
  --wait SECONDS     how long to wait while an ingest run is writing (default 60)
  --format FORMAT    table (default), csv, json, or parquet (needs --out)
  --out FILE         write the result to FILE instead of standard output
  --param NAME=VALUE set a named query's parameter (repeatable)
  --table NAME=FILE  read your own FILE (.csv, .tsv, .parquet, .json, .jsonl; a glob works)
                     as the temporary table NAME, to join with (repeatable)
  --list             list the named queries

named queries:
${namedQueryList()}

examples:
  budget-ingest query satisfaction-by-county --format csv --out satisfaction.csv
  budget-ingest query project-family --param family=创业担保贷款贴息
  budget-ingest query "SELECT place, count(*) FROM indicator_facts GROUP BY ALL"
  budget-ingest query --table pop=population.csv "SELECT f.county, p.people FROM project_facts f JOIN pop p USING (county)"

exit: 0 ok, 2 usage (unknown query, bad option), 3 database locked by a running ingest, 4 error in the query`;
  },
  async run(argv) {
    let values;
    let positionals;
    try {
      ({ values, positionals } = parseArgs({
        args: argv, allowPositionals: true,
        options: {
          ...READ_OPTIONS,
          format: { type: 'string', default: 'table' },
          out: { type: 'string' },
          param: { type: 'string', multiple: true, default: [] },
          table: { type: 'string', multiple: true, default: [] },
          list: { type: 'boolean', default: false },
        },
      }));
    } catch (err) {
      console.error(`query: ${(err as Error).message}`);
      return EXIT.usage;
    }
    if (values.list) {
      console.log(namedQueryList());
      return EXIT.ok;
    }
    if (positionals.length !== 1) {
      console.error('query: give one query name or one SQL string in quotes (see budget-ingest query --help)');
      return EXIT.usage;
    }
    const format = values.format as Format;
    if (!FORMATS.includes(format)) {
      console.error(`query: unknown --format "${values.format}" (formats: ${FORMATS.join(', ')})`);
      return EXIT.usage;
    }
    if (format === 'parquet' && !values.out) {
      console.error('query: --format parquet writes a file: give --out FILE');
      return EXIT.usage;
    }
    let resolved;
    let tables: Record<string, string>;
    try {
      tables = parseParams(values.table!, '--table');
      resolved = resolveQuery(positionals[0]!, parseParams(values.param!));
    } catch (err) {
      console.error(`query: ${(err as Error).message}`);
      return EXIT.usage;
    }
    if (values.out && isSameFile(values.out, values.db!)) {
      console.error(`query: --out ${values.out} is the database itself; choose another file`);
      return EXIT.usage;
    }
    const missingHint = `(load one with budget-ingest ingest FILES --db ${values.db})`;
    if (values.out) fs.mkdirSync(path.dirname(path.resolve(values.out)), { recursive: true });
    // Parquet is written by DuckDB itself, into a private folder beside --out (the only place
    // the locked-down connection may write), then moved to --out; the folder is removed.
    const writeDir = format === 'parquet' ? fs.mkdtempSync(path.join(path.dirname(path.resolve(values.out!)), `.${path.basename(values.out!)}.tmp-`)) : undefined;
    const open = (db: string, options: { timeoutMs?: number }) => openLockedDown(db, { ...options, tables, writeDir });
    try {
      return await withReadDatabase('query', { db: values.db!, wait: values.wait, missingHint, open }, async (db) => {
        if (format === 'parquet') {
          const tmp = path.join(writeDir!, 'result.parquet');
          await copyQueryToParquet(db, resolved.sql, resolved.params, tmp);
          fs.renameSync(tmp, values.out!);
          console.error(`wrote ${values.out}`);
          return EXIT.ok;
        }
        return writeResult(await runQuery(db, resolved.sql, resolved.params), format, values.out);
      });
    } finally {
      if (writeDir) fs.rmSync(writeDir, { recursive: true, force: true });
    }
  },
};

function writeResult(result: QueryResult, format: Format, out: string | undefined): number {
  const text = format === 'csv' ? toCsv(result) : format === 'json' ? toJson(result) : toTable(result);
  if (out) {
    fs.writeFileSync(out, text);
    console.error(`wrote ${result.rows.length} rows to ${out}`);
  } else process.stdout.write(text);
  return EXIT.ok;
}
