import { parseArgs } from 'node:util';
import { LockedError } from '../../pipeline/lock.ts';
import { mergeDatabases } from '../../pipeline/merge.ts';
import { EXIT, type Command } from '../command.ts';

export const merge: Command = {
  name: 'merge',
  help: `usage: budget-ingest merge OUT.duckdb SHARD… [--json]

Combines the databases written by \`run --shard K/N\` on several machines (or folders holding
their Parquet exports: a pipeline's flat documents.parquet, projects.parquet, …, or the
hive-partitioned folders written by \`budget-ingest export --to DIR\`) into OUT.duckdb, creating
it if needed. The rules are those of a run: a document already in OUT with the same content and
pipeline version is left alone, so merging the same shard twice changes nothing; a document
loaded by the current pipeline version replaces one loaded by another version; a newer file at
the same path replaces older content. Each shard is merged in one transaction. The shards' run
logs and recorded duplicates are carried over. Takes the same lock as a run on OUT.

options:
  --json   print the per-shard report as JSON

examples:
  budget-ingest merge data/budget.duckdb shard1.duckdb shard2.duckdb
  budget-ingest merge data/budget.duckdb exports/shard1/ exports/shard2/
  budget-ingest merge data/budget.duckdb lake/          (written by budget-ingest export --to lake)

exit codes: 0 merged · 2 bad usage · 3 another run holds OUT's lock · 4 a shard could not be read (earlier shards stay merged)`,
  async run(argv) {
    let parsed;
    try {
      parsed = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
    } catch (err) {
      console.error(`merge: ${(err as Error).message} (see budget-ingest merge --help)`);
      return EXIT.usage;
    }
    const [out, ...inputs] = parsed.positionals;
    if (!out || inputs.length === 0) {
      console.error('merge: name the output database and at least one shard (see budget-ingest merge --help)');
      return EXIT.usage;
    }
    try {
      const report = await mergeDatabases(out, inputs);
      if (parsed.values.json) console.log(JSON.stringify(report, null, 2));
      else {
        for (const r of report) console.log(`${r.input}: ${r.documents} documents: ${r.added} added, ${r.replaced} replaced, ${r.unchanged} already present${r.duplicates ? `, ${r.duplicates} duplicates recorded` : ''}`);
        console.log(`→ ${out}`);
      }
      return EXIT.ok;
    } catch (err) {
      if (err instanceof LockedError) {
        console.error(`merge: ${err.message}`);
        return EXIT.locked;
      }
      console.error(`merge: ${(err as Error).message}`);
      return EXIT.fatal;
    }
  },
};
