import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadPipeline, PipelineError, type Pipeline } from '../../pipeline/config.ts';
import { LockedError } from '../../pipeline/lock.ts';
import { parseShard } from '../../pipeline/plan.ts';
import { createProgress, defaultProgressMode, type ProgressMode } from '../../pipeline/progress.ts';
import { runPipeline, type RunReport } from '../../pipeline/runner.ts';
import { databaseSummary } from '../../pipeline/summary.ts';
import { forTerminal } from '../../query/format.ts';
import { EXIT, type Command } from '../command.ts';

/** Options shared by `run` and `ingest`. */
export const batchOptions = {
  full: { type: 'boolean', default: false },
  'dry-run': { type: 'boolean', default: false },
  shard: { type: 'string' },
  workers: { type: 'string' },
  timeout: { type: 'string' },
  batch: { type: 'string' },
  progress: { type: 'string' },
  summary: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
} as const;

export const batchOptionsHelp = `  --full           re-parse every file, even those already loaded unchanged
  --dry-run        list what would be done (new, unchanged, replace, reparse, move, duplicate,
                   remove); change nothing
  --shard K/N      take only slice K of N (by content hash), e.g. one of N machines; merge later
  --workers N      parser threads (default: the pipeline's concurrency, else the number of cores;
                   0 parses in the main thread)
  --timeout SECONDS  time limit to parse one file in a worker (default 300); past it the file fails
                   and the batch goes on. OCR of a scanned file stops on its own after
                   BUDGET_INGEST_OCR_BUDGET seconds (default 240; the pages left are reported)
  --batch N        documents per write transaction (default 50; 1 commits each document alone)
  --progress MODE  bar (default on a terminal), json (one line per document on stderr; the
                   default otherwise, for cron and CI logs) or none
  --summary        afterwards, print what the database holds and an example cross-county query
                   (on stderr with --json)
  --json           print the run report as JSON on stdout (and nothing else there)`;

export const batchExitHelp = `exit codes: 0 every document loaded (duplicates and skipped files alone do not change this)
            1 some did not load: failed, or partial with nothing found (the rest loaded; SELECT * FROM failures)
            2 bad usage or pipeline · 3 another run holds the database lock · 4 fatal error`;

type BatchValues = { full?: boolean; 'dry-run'?: boolean; shard?: string; workers?: string; timeout?: string; batch?: string; progress?: string; summary?: boolean; json?: boolean };

function printReport(report: RunReport, pipeline: Pipeline): void {
  const c = report.counts;
  if (report.plan) {
    const width = Math.max(9, ...report.plan.map((p) => p.action.length));
    for (const p of report.plan) {
      console.log(forTerminal(`${p.action.padEnd(width)}  ${p.path}${p.duplicate_of ? `  (duplicate of ${p.duplicate_of})` : ''}${p.moved_from ? `  (moved from ${p.moved_from})` : ''}${p.why ? `  (${p.why})` : ''}`));
    }
    console.log(`dry run of ${pipeline.name}: ${c.files} files: ${c.new} new, ${c.replaced} to replace, ${c.reparsed} to re-parse, ${c.moved} moved, ${c.duplicates} duplicates, ${c.skipped} skipped, ${c.removed} to mark removed, ${c.unchanged} unchanged → ${report.database} (nothing written)`);
    return;
  }
  // What was done with the files, then what the documents are: the statuses of documents.status,
  // counted the same way in the summary (--summary), the report and the failures view.
  const parts = [`${c.new} new`, `${c.unchanged} unchanged`, `${c.replaced} replaced`];
  if (c.reparsed) parts.push(`${c.reparsed} re-parsed`);
  if (c.moved) parts.push(`${c.moved} moved`);
  const statuses = [`${c.ok} ok`, `${c.partial} partial`, `${c.failed} failed`];
  if (c.duplicates) statuses.push(`${c.duplicates} duplicate${c.duplicates === 1 ? '' : 's'}`);
  if (c.skipped) statuses.push(`${c.skipped} skipped`);
  if (c.removed) statuses.push(`${c.removed} removed`);
  const rate = report.seconds > 0 ? ` (${((c.files - c.unchanged) / report.seconds).toFixed(1)} parsed/s)` : '';
  console.log(`${pipeline.name}: ${c.files} files: ${parts.join(', ')}; ${statuses.join(', ')} in ${report.seconds.toFixed(1)} s${c.files > c.unchanged ? rate : ''} → ${report.database}`);
  const mark: Record<string, string> = { failed: '✗', partial: '✗', duplicate: '=', skipped: '–' };
  if (report.failures.length) {
    const shown = report.failures.slice(0, 20);
    // File names and reasons can hold control characters (a hostile file name): printed escaped.
    for (const f of shown) console.log(`  ${mark[f.status] ?? '✗'} ${forTerminal(`${f.status} ${f.file}: ${f.stage ? `${f.stage}: ` : ''}${f.reason}`)}`);
    if (report.failures.length > shown.length) console.log(`  … ${report.failures.length - shown.length} more: SELECT * FROM failures`);
  }
}

/** Run a pipeline with the command-line options; returns the exit code. */
export async function executeBatch(pipeline: Pipeline, values: BatchValues, commandName: string): Promise<number> {
  let workers: number | undefined;
  if (values.workers !== undefined) {
    workers = Number(values.workers);
    if (!Number.isInteger(workers) || workers < 0) {
      console.error(`${commandName}: --workers wants a whole number ≥ 0, got "${values.workers}"`);
      return EXIT.usage;
    }
  }
  let parseTimeoutMs: number | undefined;
  if (values.timeout !== undefined) {
    const seconds = Number(values.timeout);
    if (!Number.isFinite(seconds) || seconds <= 0) {
      console.error(`${commandName}: --timeout wants a number of seconds > 0, got "${values.timeout}"`);
      return EXIT.usage;
    }
    parseTimeoutMs = Math.round(seconds * 1000);
  }
  let batchSize: number | undefined;
  if (values.batch !== undefined) {
    batchSize = Number(values.batch);
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      console.error(`${commandName}: --batch wants a whole number ≥ 1, got "${values.batch}"`);
      return EXIT.usage;
    }
  }
  let shard = null;
  try {
    shard = values.shard ? parseShard(values.shard) : null;
  } catch (err) {
    console.error(`${commandName}: ${(err as Error).message}`);
    return EXIT.usage;
  }
  const mode = (values.progress ?? defaultProgressMode()) as ProgressMode;
  if (!['bar', 'json', 'none'].includes(mode)) {
    console.error(`${commandName}: --progress wants bar, json or none, got "${values.progress}"`);
    return EXIT.usage;
  }
  let report: RunReport;
  try {
    report = await runPipeline({
      pipeline, full: values.full, dryRun: values['dry-run'], shard, workers, parseTimeoutMs, progress: createProgress(mode),
      writer: batchSize ? { batchSize } : undefined,
    });
  } catch (err) {
    if (err instanceof LockedError) {
      console.error(`${commandName}: ${err.message}`);
      return EXIT.locked;
    }
    console.error(`${commandName}: fatal: ${(err as Error).message}`);
    return EXIT.fatal;
  }
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else printReport(report, pipeline);
  if (values.summary && !report.plan) {
    // With --json, stdout holds only the JSON report: the summary (text) goes to stderr.
    const say = values.json ? console.error : console.log;
    say('');
    say(await databaseSummary(report.database));
  }
  if (report.status === 'some_failed') return EXIT.someFailed;
  return EXIT.ok;
}

export const run: Command = {
  name: 'run',
  help: `usage: budget-ingest run PIPELINE [options]

Runs a pipeline definition: PIPELINE is a path (pipelines/samples or pipelines/samples.json) or
a bare name looked up in pipelines/. Files already loaded with the same content (SHA-256) and
pipeline version are skipped without parsing; changed files replace their older rows; copies of
a loaded file under another name are recorded as duplicates. Parsing runs in worker threads;
one writer opens the database in short windows, so read-only queries can run meanwhile. A lock
(DATABASE.lock) keeps a second run from writing at the same time. Every run is logged in the
runs table; files that did not load are listed in the failures view.

pipeline file (JSON):
  { "name": "nightly",
    "sources": ["data/incoming", {"path": "archive", "include": ["**/*.pdf"], "exclude": ["drafts/**"]}],
    "formats": ["pdf", "docx", "doc", "txt"],  optional, default all
    "concurrency": 4,                          optional, default number of cores
    "database": "data/budget.duckdb",
    "exports": [{"format": "parquet", "path": "data/export"}] }   optional

options:
  --db PATH        write this database instead of the pipeline's (e.g. one per shard)
${batchOptionsHelp}

examples:
  budget-ingest run pipelines/samples --summary
  budget-ingest run nightly --progress json >> /var/log/budget-ingest.log 2>&1
  budget-ingest run nightly --shard 2/4 --db shard2.duckdb   # second of four machines
  budget-ingest run nightly --dry-run

see docs/operations.md for cron and systemd timers, shards and merging

${batchExitHelp}`,
  async run(argv) {
    let parsed;
    try {
      parsed = parseArgs({ args: argv, allowPositionals: true, options: { ...batchOptions, db: { type: 'string' } } });
    } catch (err) {
      console.error(`run: ${(err as Error).message} (see budget-ingest run --help)`);
      return EXIT.usage;
    }
    const { values, positionals } = parsed;
    if (positionals.length !== 1) {
      console.error('run: name one pipeline, e.g. budget-ingest run pipelines/samples.json (see --help)');
      return EXIT.usage;
    }
    let pipeline: Pipeline;
    try {
      pipeline = loadPipeline(positionals[0]!);
    } catch (err) {
      if (err instanceof PipelineError) {
        console.error(`run: ${err.message}`);
        return EXIT.usage;
      }
      throw err;
    }
    if (values.db) pipeline = { ...pipeline, database: values.db };
    // A source that is not there is a configuration error (as a missing ingest path is), not a
    // fatal one: nothing was attempted, and the pipeline file needs fixing.
    const missing = pipeline.sources.filter((s) => !fs.existsSync(s.path)).map((s) => s.path);
    if (missing.length) {
      console.error(`run: pipeline ${pipeline.file ?? pipeline.name}: no such source ${missing.join(', ')}`);
      return EXIT.usage;
    }
    return executeBatch(pipeline, values, 'run');
  },
};
