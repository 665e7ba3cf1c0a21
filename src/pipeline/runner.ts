// A batch run: list the pipeline's files, hash each (cheap) and skip what is already loaded,
// parse the rest in a pool of worker threads scheduled with p-queue, and hand the results to
// the single writer. Memory stays flat: at most a few files per parser wait for a worker and at
// most `maxPending` parsed documents wait for the writer, however many files there are.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PQueue from 'p-queue';
import { ensureSchema, openForRead, openWithRetry, type Database } from '../load/database.ts';
import { documentTables, runLogTables } from '../load/tables.ts';
import type { ProcessedDocument } from '../records.ts';
import { PIPELINE_VERSION } from '../version.ts';
import type { Pipeline } from './config.ts';
import { inputsOf, type ReadResult } from './bundles.ts';
import { acquireLock } from './lock.ts';
import { sourceNameOf } from './member-names.ts';
import { Planner, type Action, type Shard } from './plan.ts';
import { inlineParser, WorkerPool, type Parser } from './pool.ts';
import { diedWhileParsing, InProgress } from './in-progress.ts';
import { parseIsolated } from './isolated.ts';
import { docIdOf, sha256, skippedDocument, unreadableDocument } from './process.ts';
import { readSourceFile } from './read-source.ts';
import { finishSync } from './sync.ts';
import { strayReason } from './stray.ts';
import { createProgress, type Progress } from './progress.ts';
import {
  emptyCounts, emptyKnownState, ensureRunLogSchema, finishRun, markInterruptedRuns, readKnownState, startRun, type KnownState, type RunCounts,
} from './runlog.ts';
import { coveredBySources, pipelineFiles } from './sources.ts';
import { BatchWriter, type WriterOptions } from './writer.ts';

export interface RunOptions {
  pipeline: Pipeline;
  /** Re-parse every file, even unchanged ones. */
  full?: boolean;
  /** Only list what would be done. */
  dryRun?: boolean;
  shard?: Shard | null;
  /** Parser threads; 0 parses in the main thread. Default: the pipeline's concurrency, else the number of cores. */
  workers?: number;
  progress?: Progress;
  writer?: WriterOptions;
  /** A file that takes longer is stopped and recorded as failed. */
  parseTimeoutMs?: number;
}

export interface PlannedFile {
  path: string;
  action: Action;
  duplicate_of?: string;
  why?: string;
  moved_from?: string;
}

export interface FailureLine {
  file: string;
  /** failed, partial (loaded nothing), duplicate or skipped: documents.status. */
  status: string;
  stage: string | null;
  reason: string | null;
}

/** A path still holds a file when this run listed it, or it exists (outside the sources). */
function presentIn(files: string[]): (p: string) => boolean {
  const listed = new Set(files.map((f) => path.resolve(f)));
  return (p) => listed.has(path.resolve(p)) || existsSync(p);
}

export interface RunReport {
  runId: string | null;
  status: 'ok' | 'some_failed' | 'dry_run';
  counts: RunCounts;
  seconds: number;
  workers: number;
  database: string;
  /** Files of this run that did not load (failed, partial with nothing in it), duplicates and skipped files. */
  failures: FailureLine[];
  /** Dry run only. */
  plan?: PlannedFile[];
  /** Where the time went (ms): hashing and parsing summed over files, writing in the main thread. */
  stats?: { hashMs: number; parseMs: number; writeMs: number; writeBusyMs: number; writeWindows: number; transactions: number };
  /** The previous run was killed or crashed: this run took over its lock and continued. */
  resumedAfter?: { pid: number; started_at: string } | null;
}

const maxFileBytes = (p: Pipeline) => (p.max_file_mb ? p.max_file_mb * 1024 * 1024 : undefined);

/** Memory one parser worker may take at its peak (measured with npm run bench: 100–300 MB over the one-worker run; pdf.js's caches, a large document). */
const WORKER_MEMORY = 512 * 2 ** 20;

/** One worker per core, as many as half the machine's memory holds (at least one). */
export function defaultWorkers(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(cores, Math.floor(os.totalmem() / 2 / WORKER_MEMORY)));
}

async function readFileAndHash(file: string, maxBytes?: number): Promise<ReadResult> {
  const read = await readSourceFile(file, maxBytes);
  if ('bytes' in read) return { bytes: read.bytes, hash: sha256(read.bytes) };
  const failed = unreadableDocument(file, read.reason);
  return { failed, hash: failed.info.sha256 };
}

async function dryRun(opts: RunOptions, files: string[], started: number): Promise<RunReport> {
  const dbPath = opts.pipeline.database;
  let state = emptyKnownState();
  if (existsSync(dbPath)) {
    const db = await openForRead(dbPath);
    try {
      state = await readKnownState(db);
    } finally {
      db.close();
    }
  }
  const planner = new Planner(state, { full: opts.full, shard: opts.shard, present: presentIn(files) });
  const plan: PlannedFile[] = [];
  const counts = emptyCounts();
  // A ZIP bundle stands for its members (bundles.ts).
  const seen: string[] = [];
  for (const f of files) for (const item of await inputsOf(f)) {
    seen.push(item.path);
    const stray = item.read ? null : strayReason(item.path);
    const { hash } = item.read ?? (stray ? { hash: skippedDocument(item.path, stray).info.sha256 } : await readFileAndHash(item.path, maxFileBytes(opts.pipeline)));
    const d = planner.decide(item.path, hash);
    if (d.action === 'other-shard') continue;
    counts.files++;
    plan.push({
      path: item.path, action: d.action, ...(d.duplicateOf ? { duplicate_of: d.duplicateOf } : {}), ...(d.why ? { why: d.why } : {}),
      ...(d.movedFrom ? { moved_from: d.movedFrom } : {}),
    });
    const key = ({ new: 'new', unchanged: 'unchanged', replace: 'replaced', reparse: 'reparsed', duplicate: 'duplicates', move: 'moved', 'skipped-copy': 'skipped', remove: 'removed' } as const)[d.action];
    counts[key]++;
  }
  // Documents whose files are gone from the sources would be marked removed.
  // Members of ZIP bundles count as listed: their paths are `bundle.zip!/member`.
  const listed = new Set(seen.map((f) => path.resolve(f)));
  for (const [p, doc] of state.byPath) {
    if (doc.status === 'removed' || listed.has(path.resolve(p)) || !coveredBySources(opts.pipeline, p)) continue;
    plan.push({ path: p, action: 'remove', why: 'file gone from the sources' });
    counts.removed++;
  }
  return { runId: null, status: 'dry_run', counts, seconds: (Date.now() - started) / 1000, workers: 0, database: dbPath, failures: [], plan };
}

async function exportTables(db: Database, pipeline: Pipeline): Promise<void> {
  for (const exp of pipeline.exports) {
    mkdirSync(exp.path, { recursive: true });
    const tables = [...documentTables, ...runLogTables].map((t) => t.name);
    for (const t of tables) {
      const out = path.join(exp.path, `${t}.${exp.format}`).replace(/'/g, "''");
      await db.conn.run(`COPY (SELECT * FROM "${t}") TO '${out}' (FORMAT ${exp.format === 'parquet' ? 'parquet' : 'csv, HEADER'})`);
    }
  }
}

/** Open for the run's own bookkeeping; a long query delays the run (noted once a minute), it does not fail it. */
function openForWrite(dbPath: string, progress: Progress): Promise<Database> {
  let last = 0;
  return openWithRetry(dbPath, {
    timeoutMs: 30 * 60_000,
    maxDelayMs: 1_000,
    onWait: (i) => {
      if (Date.now() - last < 60_000) return;
      last = Date.now();
      progress.note(i.message.replace(/; retrying in .*/, '; waiting for it'));
    },
  });
}

export async function runPipeline(opts: RunOptions): Promise<RunReport> {
  const started = Date.now();
  const { pipeline } = opts;
  const files = pipelineFiles(pipeline);
  if (opts.dryRun) return dryRun(opts, files, started);

  const dbPath = pipeline.database;
  const workers = opts.workers ?? pipeline.concurrency ?? defaultWorkers();
  const progress = opts.progress ?? createProgress('none');
  const lock = acquireLock(dbPath, `pipeline ${pipeline.name}`);
  const runId = `${new Date(started).toISOString().replace(/[-:]/g, '').replace(/\..*/, 'Z')}-${randomBytes(3).toString('hex')}`;
  const counts = emptyCounts();
  const failures: FailureLine[] = [];
  let parser: Parser | null = null;
  const release = () => lock.release();
  // Ctrl-C or a scheduler's stop: the lock goes, every committed document stays; the next run
  // finds this one `running`, marks it interrupted and carries on from what is loaded.
  const onSignal = (sig: NodeJS.Signals) => {
    release();
    process.exit(sig === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    if (lock.tookOverFrom) progress.note(`the previous run (PID ${lock.tookOverFrom.pid}, started ${lock.tookOverFrom.started_at}) stopped without finishing; continuing from what it loaded`);
    let state: KnownState;
    {
      const db = await openForWrite(dbPath, progress);
      try {
        await ensureSchema(db);
        await ensureRunLogSchema(db);
        await markInterruptedRuns(db);
        await startRun(db, {
          runId, pipeline: pipeline.name, version: PIPELINE_VERSION, startedAt: new Date(started),
          shard: opts.shard ? `${opts.shard.k}/${opts.shard.n}` : null,
          options: JSON.stringify({ full: !!opts.full, workers, files: files.length }),
        });
        state = await readKnownState(db);
      } finally {
        db.close();
      }
    }

    // Read after taking the lock: markers left now belong to a run that died.
    const inProgress = new InProgress(dbPath);
    parser = workers > 0 ? new WorkerPool(workers, opts.parseTimeoutMs) : inlineParser();
    const writer = new BatchWriter(dbPath, { ...opts.writer, onWait: opts.writer?.onWait ?? ((m) => progress.note(m)) });
    const planner = new Planner(state, { full: opts.full, shard: opts.shard, present: presentIn(files) });
    const concurrency = Math.max(1, workers);
    const queue = new PQueue({ concurrency });
    const writes = new Set<Promise<unknown>>();
    const stats = { hashMs: 0, parseMs: 0, writeMs: 0, writeBusyMs: 0, writeWindows: 0, transactions: 0 };
    let taskError: Error | null = null;
    progress.start(files.length, { pipeline: pipeline.name, db: dbPath, workers });

    const handle = async (file: string, preRead?: ReadResult) => {
      const t0 = Date.now();
      // A stray non-document (notes, listings, system files) is skipped by its name, never read.
      const stray = preRead ? null : strayReason(file);
      const skipped = stray ? skippedDocument(file, stray) : null;
      const read = preRead ?? (skipped ? { failed: skipped, hash: skipped.info.sha256 } : await readFileAndHash(file, maxFileBytes(pipeline)));
      stats.hashMs += Date.now() - t0;
      const d = planner.decide(file, read.hash);
      if (d.action === 'other-shard') return progress.skip?.();
      counts.files++;
      if (d.action === 'unchanged') {
        counts.unchanged++;
        progress.document({ path: file, action: 'unchanged' }, counts);
        return;
      }
      if (d.action === 'skipped-copy') {
        counts.skipped++;
        failures.push({ file, status: 'skipped', stage: 'sniff', reason: 'not a disclosure: a copy of a file skipped as one' });
        progress.document({ path: file, action: 'skipped-copy' }, counts);
        return;
      }
      if (d.action === 'move') {
        const { written } = await writer.add({ kind: 'move', docId: docIdOf(read.hash), from: d.movedFrom!, to: file, name: path.basename(file) });
        const w = written.then(() => {
          counts.moved++;
          progress.document({ path: file, action: 'move', moved_from: d.movedFrom, ms: Date.now() - t0 }, counts);
        });
        writes.add(w);
        void w.finally(() => writes.delete(w));
        return;
      }
      if (d.action === 'duplicate') {
        const { written } = await writer.add({
          kind: 'duplicate', sourcePath: file, sourceName: sourceNameOf(file), sha256: read.hash, docId: docIdOf(read.hash), duplicateOf: d.duplicateOf!,
        });
        const w = written.then(() => {
          progress.document({ path: file, action: 'duplicate', duplicate_of: d.duplicateOf, ms: Date.now() - t0 }, counts);
        });
        writes.add(w);
        void w.finally(() => writes.delete(w));
        return;
      }
      const t1 = Date.now();
      let doc: ProcessedDocument;
      const died = inProgress.leftovers.get(read.hash);
      if ('failed' in read) doc = read.failed;
      else if (died) doc = await parseIsolated(file, read.bytes, read.hash, diedWhileParsing(died), opts.parseTimeoutMs);
      else {
        inProgress.start(read.hash, file);
        doc = await parser!.parse(file, read.bytes, read.hash);
        inProgress.done(read.hash);
      }
      stats.parseMs += Date.now() - t1;
      const { written } = await writer.add({ kind: 'document', doc, ...(d.movedFrom ? { movedFrom: d.movedFrom } : {}) });
      const w = written.then((r) => {
        // A file a dead run left marked is recorded now: its marker can go.
        if (died) inProgress.done(read.hash);
        const info = (r.doc ?? doc).info;
        // Final statuses are counted from the database at the end (a later copy in a richer
        // format may still make this one a duplicate); here only what was done with the file.
        if (info.status === 'failed' || info.status === 'skipped') { /* counted by status at the end */ } else if (d.action === 'reparse') counts.reparsed++;
        else if (d.action === 'replace' || r.replaced.length) counts.replaced++;
        else counts.new++;
        progress.document({
          path: file, action: d.action, status: info.status, doc_id: info.doc_id, stage: info.failed_stage, reason: info.error, ms: Date.now() - t0,
        }, counts);
      });
      writes.add(w);
      void w.finally(() => writes.delete(w));
    };

    // Every path this run saw: the files, and in place of a ZIP bundle its members (whose paths
    // are `bundle.zip!/member`), so the final sync does not take bundle members for gone files.
    const seen: string[] = [];
    for (const file of files) {
      if (taskError) break;
      // A ZIP bundle stands for its members, each a document of its own (bundles.ts).
      const items = await inputsOf(file, (m) => progress.note(m));
      seen.push(...items.map((i) => i.path));
      if (items.length > 1) progress.grow?.(items.length - 1);
      for (const item of items) {
        // Bounded: never more than a couple of files per parser waiting in the queue.
        await queue.onSizeLessThan(concurrency * 2);
        queue.add(() => handle(item.path, item.read)).catch((err: Error) => {
          taskError ??= err;
        });
      }
    }
    await queue.onIdle();
    await writer.drain();
    await Promise.all(writes);
    if (taskError) throw taskError;
    inProgress.clear();
    stats.writeMs = writer.writeMs;
    stats.writeBusyMs = writer.busyMs;
    stats.writeWindows = writer.windows;
    stats.transactions = writer.transactions;

    let status: 'ok' | 'some_failed' = 'ok';
    const db = await openForWrite(dbPath, progress);
    try {
      // The database now matches the files of the sources: gone files marked removed, one
      // primary per disclosure, and this run's documents counted by their final status.
      const sync = await finishSync(db, { pipeline, files: seen, since: new Date(started) });
      Object.assign(counts, { ...sync.counts, duplicates: counts.duplicates + sync.counts.duplicates, skipped: counts.skipped + sync.counts.skipped });
      failures.push(...sync.failures);
      status = failures.some((f) => f.status === 'failed' || f.status === 'partial') ? 'some_failed' : 'ok';
      await finishRun(db, runId, status, counts, null, stats.transactions);
      await exportTables(db, pipeline);
    } finally {
      db.close();
    }
    const seconds = (Date.now() - started) / 1000;
    progress.finish(counts, seconds);
    return {
      runId, status, counts, seconds, workers, database: dbPath, failures, stats,
      resumedAfter: lock.tookOverFrom ? { pid: lock.tookOverFrom.pid, started_at: lock.tookOverFrom.started_at } : null,
    };
  } catch (err) {
    // Record the fatal error in the run log when the database can still be opened.
    try {
      const db = await openWithRetry(dbPath, { timeoutMs: 10_000 });
      try {
        await ensureRunLogSchema(db);
        await finishRun(db, runId, 'fatal', counts, (err as Error).message);
      } finally {
        db.close();
      }
    } catch {
      /* the database itself is the problem; the error below says why */
    }
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await parser?.close();
    release();
  }
}
