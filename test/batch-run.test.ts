// A pipeline over the samples plus one of each bad input: what loads, what fails and why,
// that a second run changes nothing, and that changed files, older pipeline versions and
// duplicates are handled by content hash.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/load/database.ts';
import { parsePipeline, type Pipeline } from '../src/pipeline/config.ts';
import type { Progress } from '../src/pipeline/progress.ts';
import { runPipeline, type RunReport } from '../src/pipeline/runner.ts';
import { EXIT } from '../src/cli/command.ts';
import { BAD, orphanRows, perDocumentCounts, rows, sampleFiles, startCli, removeTempDirs, tempDir } from './batch-helpers.ts';

afterAll(removeTempDirs);

const dir = tempDir('run');
const input = path.join(dir, 'in');
const db = path.join(dir, 'budget.duckdb');
const vanishing = path.join(input, 'zz-deleted-after-listing.txt');
let pipeline: Pipeline;
let first: RunReport;

/** Deletes a file once the run has listed its inputs: a file that vanishes mid-run. */
function deletingProgress(file: string): Progress {
  return { start: () => fs.rmSync(file), document() {}, note() {}, finish() {} };
}

async function snapshot() {
  return {
    counts: await perDocumentCounts(db),
    documents: await rows(db, 'SELECT doc_id, source_path, status, error, failed_stage, CAST(loaded_at AS VARCHAR) AS loaded_at FROM documents ORDER BY doc_id'),
    failures: await rows(db, 'SELECT file, stage, reason FROM failures ORDER BY file'),
  };
}

beforeAll(async () => {
  fs.mkdirSync(input, { recursive: true });
  for (const f of sampleFiles()) fs.copyFileSync(f, path.join(input, path.basename(f)));
  // README.md describes how the fixtures were made; it is not one of the inputs.
  for (const f of fs.readdirSync(BAD)) if (f !== 'README.md') fs.copyFileSync(path.join(BAD, f), path.join(input, f));
  const [firstSample] = sampleFiles();
  fs.copyFileSync(firstSample!, path.join(input, 'same-as-first-sample.txt'));
  fs.symlinkSync(path.join(dir, 'no-such-file.docx'), path.join(input, 'broken-link.docx'));
  fs.writeFileSync(vanishing, `${fs.readFileSync(firstSample!, 'utf8')}\n`);
  pipeline = parsePipeline({ name: 'batch-test', sources: [input], database: db }, null);
  first = await runPipeline({ pipeline, workers: 2, progress: deletingProgress(vanishing) });
}, 300_000);

describe('a batch with the samples and bad inputs', () => {
  it('loads every sample with its projects and indicators', async () => {
    const docs = await rows(db, `SELECT d.source_name, d.status, count(DISTINCT p.project_seq)::INTEGER AS projects, count(i.indicator_seq)::INTEGER AS indicators
      FROM documents d LEFT JOIN projects p USING (doc_id) LEFT JOIN indicators i USING (doc_id, project_seq) GROUP BY ALL`);
    const byName = new Map(docs.map((d) => [String(d.source_name), d]));
    for (const f of sampleFiles()) {
      const d = byName.get(path.basename(f));
      expect(d, path.basename(f)).toBeDefined();
      expect(d!.status, path.basename(f)).not.toBe('failed');
      expect(Number(d!.projects), path.basename(f)).toBeGreaterThan(0);
      expect(Number(d!.indicators), path.basename(f)).toBeGreaterThan(0);
    }
    expect(await orphanRows(db)).toBe(0);
  });

  it('gives every bad input a line in failures with its stage and reason', async () => {
    const failures = await rows(db, 'SELECT file, stage, reason FROM failures');
    const byName = new Map(failures.map((f) => [path.basename(String(f.file)), f]));
    const expected: [string, string, RegExp][] = [
      ['empty.pdf', 'read', /^empty file \(0 bytes\)$/],
      ['truncated.pdf', 'extract', /corrupt|truncated|invalid/i],
      ['encrypted.pdf', 'extract', /encrypt|password/i],
      ['encrypted.docx', 'sniff', /encrypt|password/i],
      ['figures.xlsx', 'extract', /XLSX workbook has no worksheets/], // spreadsheets are read now; this one is empty
      ['scan.png', 'sniff', /unsupported format/],
      ['broken-link.docx', 'read', /^dangling symbolic link: its target does not exist$/],
      [path.basename(vanishing), 'read', /^file was removed before it could be read$/],
      ['same-as-first-sample.txt', 'dedupe', new RegExp(`duplicate of .*${path.basename(sampleFiles()[0]!)}`)],
    ];
    for (const [name, stage, reason] of expected) {
      const f = byName.get(name);
      expect(f, `${name} in failures`).toBeDefined();
      expect(f!.stage, name).toBe(stage);
      expect(String(f!.reason), name).toMatch(reason);
    }
    expect(failures).toHaveLength(expected.length);
    expect(first.status).toBe('some_failed');
    expect(first.counts).toMatchObject({ new: 5, ok: 5, partial: 0, failed: 8, skipped: 1, duplicates: 1, unchanged: 0, replaced: 0 });
    expect(first.failures.map((f) => path.basename(f.file)).sort()).toEqual([...expected.map((e) => e[0]), 'meeting-notice.txt'].sort());
  });

  it('skips a text file with nothing of a disclosure in it (a note), with the reason', async () => {
    const [note] = await rows(db, `SELECT status, failed_stage, error FROM documents WHERE source_name = 'meeting-notice.txt'`);
    expect(note).toMatchObject({ status: 'skipped', failed_stage: 'recognize', error: expect.stringMatching(/not a disclosure/) });
    expect(first.failures.find((f) => f.file.endsWith('meeting-notice.txt'))?.status).toBe('skipped');
  });

  it('logs the run', async () => {
    const runs = await rows(db, 'SELECT status, new_docs, failed, duplicates, unchanged, pipeline_version, finished_at IS NOT NULL AS finished, transactions FROM runs');
    expect(runs).toEqual([expect.objectContaining({ status: 'some_failed', new_docs: 5, failed: 8, duplicates: 1, unchanged: 0, finished: true })]);
    // Transactions that wrote documents: the run's stats and the log agree; at most one per written document.
    expect(runs[0]!.transactions).toBe(first.stats!.transactions);
    expect(first.stats!.transactions).toBeGreaterThanOrEqual(1);
    expect(first.stats!.transactions).toBeLessThanOrEqual(first.counts.new + first.counts.failed + first.counts.skipped);
  });

  it('marks the vanished file removed on the next run, then changes nothing', async () => {
    const next = await runPipeline({ pipeline, workers: 2 });
    expect(next.counts).toMatchObject({ new: 0, unchanged: 14, removed: 1 });
    expect(await rows(db, `SELECT status FROM documents WHERE source_path = '${vanishing}'`)).toEqual([{ status: 'removed' }]);
    const before = await snapshot();
    const again = await runPipeline({ pipeline, workers: 2 });
    expect(again.counts).toMatchObject({ new: 0, replaced: 0, reparsed: 0, failed: 0, duplicates: 0, removed: 0, unchanged: 14 });
    expect(again.status).toBe('ok');
    expect(await snapshot()).toEqual(before);
  });

  it('re-parses a document loaded by an older pipeline version, replaces a changed file, and --dry-run writes nothing', async () => {
    const [, second, third] = sampleFiles().map((f) => path.join(input, path.basename(f)));
    const handle = await openDatabase(db);
    await handle.conn.run(`UPDATE documents SET pipeline_version = '0.0.1' WHERE source_path = '${second}'`);
    handle.close();
    const oldThird = await rows(db, `SELECT doc_id FROM documents WHERE source_path = '${third}'`);
    fs.appendFileSync(third!, '\n\n');
    const runsBefore = await rows(db, 'SELECT count(*)::INTEGER AS n FROM runs');

    const dry = await runPipeline({ pipeline, dryRun: true });
    expect(dry.plan!.find((p) => p.path === second)).toMatchObject({ action: 'reparse', why: expect.stringContaining('0.0.1') });
    expect(dry.plan!.find((p) => p.path === third)).toMatchObject({ action: 'replace' });
    expect(await rows(db, 'SELECT count(*)::INTEGER AS n FROM runs')).toEqual(runsBefore);

    const report = await runPipeline({ pipeline, workers: 1 });
    expect(report.counts).toMatchObject({ reparsed: 1, replaced: 1, new: 0, failed: 0 });
    const now = await rows(db, `SELECT source_path, doc_id, pipeline_version FROM documents WHERE source_path IN ('${second}', '${third}')`);
    expect(now).toHaveLength(2);
    expect(now.every((d) => d.pipeline_version !== '0.0.1')).toBe(true);
    expect(now.map((d) => d.doc_id)).not.toContain(oldThird[0]!.doc_id);
    expect(await rows(db, `SELECT count(*)::INTEGER AS n FROM projects WHERE doc_id = '${oldThird[0]!.doc_id}'`)).toEqual([{ n: 0 }]);
    expect(await orphanRows(db)).toBe(0);
  });
});

describe('the main job (npm start)', () => {
  it('loads the samples and prints a summary with an example cross-county query and its result', async () => {
    const out = path.join(tempDir('start'), 'budget.duckdb');
    const cli = startCli(['run', 'pipelines/samples.json', '--summary', '--db', out, '--progress', 'none']);
    expect(await cli.exit).toBe(EXIT.ok);
    const text = cli.stdout.join('');
    expect(text).toMatch(/^samples: 5 files: 5 new, 0 unchanged, 0 replaced; 5 ok, 0 partial, 0 failed in [\d.]+ s/m);
    expect(text).toMatch(/documents +5 +\(5 ok, 0 partial, 0 failed\)/);
    expect(text).toMatch(/projects +[1-9]\d*/);
    expect(text).toMatch(/indicators +[1-9]\d*/);
    const lines = text.split('\n');
    const header = lines.findIndex((l) => /province +county +year +projects +targets +avg_target_pct +lowest_pct/.test(l));
    expect(header).toBeGreaterThan(0);
    // Separator, then one row per county with numbers in the percentage columns.
    expect(lines[header + 2]).toMatch(/\S+ +\S+ +20\d\d +\d+ +\d+ +[\d.]+ +[\d.]+$/);
  }, 120_000);
});
