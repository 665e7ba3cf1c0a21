// Safety of batch runs: a run killed at any moment leaves a consistent database and the next run
// finishes the work; a second run exits on the lock; a researcher's query during a run waits
// for a write window instead of failing, and the run goes on; shards merge into the same data.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/command.ts';
import { openForRead, queryRows } from '../src/load/database.ts';
import { loadPipeline, parsePipeline, PipelineError } from '../src/pipeline/config.ts';
import { acquireLock, LockedError, lockPathFor } from '../src/pipeline/lock.ts';
import { mergeDatabases } from '../src/pipeline/merge.ts';
import { runPipeline } from '../src/pipeline/runner.ts';
import { orphanRows, perDocumentCounts, rows, sampleFiles, startCli, removeTempDirs, tempDir, writeVariants } from './batch-helpers.ts';

afterAll(removeTempDirs);

/** The three smallest samples: enough real documents, quick to parse. */
const small = () => sampleFiles().map((f) => [f, fs.statSync(f).size] as const).sort((a, b) => a[1] - b[1]).slice(0, 3).map(([f]) => f);

function writePipeline(dir: string, name: string, input: string, db: string): string {
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify({ name, sources: [{ path: input, include: ['**/*.txt'] }], database: db }));
  return file;
}

describe('a run killed mid-way', () => {
  it('leaves the database consistent, and the next run takes over and completes', async () => {
    const dir = tempDir('kill');
    const input = path.join(dir, 'in');
    // Many small documents, each committed alone, so the kill lands with most of them still to do.
    const files = writeVariants(input, 24, small().slice(0, 1));
    const db = path.join(dir, 'kill.duckdb');
    const pipe = writePipeline(dir, 'nightly', input, db);

    const cli = startCli(['run', pipe, '--workers', '1', '--batch', '1', '--progress', 'json']);
    await cli.documents(2);
    cli.child.kill('SIGKILL');
    expect(await cli.exit).toBeNull();
    expect(fs.existsSync(lockPathFor(db))).toBe(true); // left behind by the killed run

    // Consistent: only whole documents, each with all of its rows.
    expect(await orphanRows(db)).toBe(0);
    const loaded = await rows(db, `SELECT count(*)::INTEGER AS n FROM documents`);
    const committed = Number(loaded[0]!.n);
    expect(committed).toBeGreaterThanOrEqual(2);
    expect(committed).toBeLessThan(files.length);

    const report = await runPipeline({ pipeline: loadPipeline(pipe), workers: 2 });
    expect(report.resumedAfter?.pid).toBe(cli.child.pid);
    expect(report.counts).toMatchObject({ unchanged: committed, new: files.length - committed, failed: 0 });
    expect(fs.existsSync(lockPathFor(db))).toBe(false);
    const runs = await rows(db, 'SELECT status FROM runs ORDER BY started_at');
    expect(runs.map((r) => r.status)).toEqual(['interrupted', 'ok']);

    // Same rows as a run that was never interrupted.
    const cleanDb = path.join(dir, 'clean.duckdb');
    await runPipeline({ pipeline: { ...loadPipeline(pipe), database: cleanDb }, workers: 2 });
    expect(await perDocumentCounts(db)).toEqual(await perDocumentCounts(cleanDb));
  }, 300_000);
});

describe('the lock', () => {
  it('makes a second run exit with its own code and a clear message, changing nothing', async () => {
    const dir = tempDir('lock');
    const db = path.join(dir, 'locked.duckdb');
    const pipe = writePipeline(dir, 'second', path.dirname(sampleFiles()[0]!), db);
    const held = acquireLock(db, 'pipeline first (test)');
    try {
      await expect(runPipeline({ pipeline: loadPipeline(pipe), workers: 0 })).rejects.toThrow(LockedError);
      const cli = startCli(['run', pipe, '--progress', 'none']);
      expect(await cli.exit).toBe(EXIT.locked);
      expect(cli.stderr.join('\n')).toMatch(/another run is writing this database: pipeline first \(test\) \(PID \d+/);
      expect(fs.existsSync(db)).toBe(false);
    } finally {
      held.release();
    }
    expect(fs.existsSync(lockPathFor(db))).toBe(false);
  }, 120_000);
});

describe('a query during a run', () => {
  it('gets in between write windows, and the run waits for it instead of failing', async () => {
    const dir = tempDir('read');
    const input = path.join(dir, 'in');
    // Many documents, each committed alone: the run is far from done when the query comes.
    const files = writeVariants(input, 24, small().slice(0, 1));
    const db = path.join(dir, 'shared.duckdb');
    const pipe = writePipeline(dir, 'nightly', input, db);

    const cli = startCli(['run', pipe, '--workers', '1', '--batch', '1', '--progress', 'json']);
    await cli.documents(1);
    let exited = false;
    void cli.exit.then(() => (exited = true));
    const reader = await openForRead(db, { timeoutMs: 120_000, onWait: () => undefined });
    try {
      const [r] = await queryRows(reader, 'SELECT count(*)::INTEGER AS n FROM documents');
      expect(Number(r!.n)).toBeGreaterThanOrEqual(1);
      // Hold the file: the run must want to write (a document, at the latest its run log) and wait.
      await cli.until((e) => e.event === 'note' && /query|another process/.test(String(e.message)));
      expect(exited).toBe(false);
      expect(Number((await queryRows(reader, 'SELECT count(*)::INTEGER AS n FROM documents'))[0]!.n)).toBe(Number(r!.n));
    } finally {
      reader.close();
    }
    expect(await cli.exit).toBe(EXIT.ok);
    const [r] = await rows(db, 'SELECT count(*)::INTEGER AS n FROM documents');
    expect(Number(r!.n)).toBe(files.length);
    expect(cli.events.at(-1)).toMatchObject({ event: 'finish', new: files.length, failed: 0 });
    expect(fs.existsSync(`${db}.readers`) ? fs.readdirSync(`${db}.readers`) : []).toEqual([]);
  }, 300_000);
});

describe('shards', () => {
  it('split the inputs by content hash, and merging them gives the same data as one run, idempotently', async () => {
    const dir = tempDir('shard');
    const input = path.join(dir, 'in');
    const files = writeVariants(input, 6, small());
    fs.copyFileSync(files[0]!, path.join(input, 'zz-copy.txt'));
    const base = parsePipeline({ name: 'shards', sources: [input], database: path.join(dir, 'all.duckdb') }, null);
    await runPipeline({ pipeline: base, workers: 2 });
    const shardDbs = [1, 2].map((k) => path.join(dir, `shard${k}.duckdb`));
    const exported = path.join(dir, 'shard2-parquet');
    const reports = [];
    for (const [i, shardDb] of shardDbs.entries()) {
      // The second shard also exports Parquet, and is merged from that export.
      const exports = i === 1 ? [{ format: 'parquet' as const, path: exported }] : [];
      reports.push(await runPipeline({ pipeline: { ...base, database: shardDb, exports }, shard: { k: i + 1, n: 2 }, workers: 2 }));
    }
    expect(fs.existsSync(path.join(exported, 'documents.parquet'))).toBe(true);
    const inputs = [shardDbs[0]!, exported];
    // Each file is in exactly one shard (the copy goes with its original: same hash).
    expect(reports[0]!.counts.files + reports[1]!.counts.files).toBe(files.length + 1);
    expect(reports.every((r) => r.counts.files > 0)).toBe(true);

    const out = path.join(dir, 'merged.duckdb');
    const merged = await mergeDatabases(out, inputs);
    expect(merged.reduce((a, m) => a + m.added, 0)).toBe(files.length);
    expect(await perDocumentCounts(out)).toEqual(await perDocumentCounts(path.join(dir, 'all.duckdb')));
    // The variants hold the same content with other bytes: one primary per disclosure, as in one run.
    expect(await rows(out, `SELECT file, stage FROM failures WHERE reason LIKE 'duplicate of %'`)).toEqual([{ file: path.join(input, 'zz-copy.txt'), stage: 'dedupe' }]);
    const statuses = `SELECT source_path, status, duplicate_of FROM documents ORDER BY source_path`;
    expect(await rows(out, statuses)).toEqual(await rows(path.join(dir, 'all.duckdb'), statuses));

    const again = await mergeDatabases(out, inputs);
    expect(again.every((m) => m.added === 0 && m.replaced === 0 && m.unchanged === m.documents)).toBe(true);
    expect(await perDocumentCounts(out)).toEqual(await perDocumentCounts(path.join(dir, 'all.duckdb')));
    // The merged database is a normal one: a run over the same inputs finds nothing to do.
    const rerun = await runPipeline({ pipeline: { ...base, database: out }, workers: 1 });
    expect(rerun.counts).toMatchObject({ new: 0, unchanged: files.length + 1, failed: 0, duplicates: 0 });
  }, 300_000);
});

describe('parser workers', () => {
  it('stop a file that takes too long, record it as failed, go on, and retry it on the next run', async () => {
    const dir = tempDir('timeout');
    const input = path.join(dir, 'in');
    writeVariants(input, 2, small());
    const pipeline = parsePipeline({ name: 'slow', sources: [input], database: path.join(dir, 'slow.duckdb') }, null);
    const report = await runPipeline({ pipeline, workers: 1, parseTimeoutMs: 1 });
    expect(report.counts).toMatchObject({ failed: 2, new: 0 });
    expect(report.failures.map((f) => [f.stage, f.reason])).toEqual([
      ['worker', 'parsing took longer than 1 ms; stopped'],
      ['worker', 'parsing took longer than 1 ms; stopped'],
    ]);
    const again = await runPipeline({ pipeline, workers: 1 });
    expect(again.counts).toMatchObject({ reparsed: 2, failed: 0 });
    expect(await rows(pipeline.database, `SELECT count(*)::INTEGER AS n FROM failures`)).toEqual([{ n: 0 }]);
  }, 120_000);
});

describe('pipeline definitions', () => {
  it('name the bad field', () => {
    expect(() => parsePipeline({ sources: [{ path: 'x', include: '*.pdf' }], database: 'x.duckdb' }, 'p.json')).toThrow(/sources\[0\]\.include/);
    expect(() => parsePipeline({ sources: ['x'] }, 'p.json')).toThrow(/database/);
    expect(() => parsePipeline({ sources: ['x'], database: 'd', concurency: 2 }, 'p.json')).toThrow(PipelineError);
    expect(() => parsePipeline({ sources: ['x'], database: 'd', concurency: 2 }, 'p.json')).toThrow(/concurency/);
  });
  it('resolve with or without .json, and the main job is valid', () => {
    expect(loadPipeline('pipelines/samples').database).toBe('data/budget.duckdb');
    expect(loadPipeline('pipelines/samples.json').name).toBe('samples');
    expect(loadPipeline('samples').sources[0]).toMatchObject({ path: 'data/samples' });
  });
});
