// A run over a source leaves the database matching the files there: renamed and moved files keep
// their document under the new path, a renamed-and-edited file does not count twice, a deleted
// file's document is marked removed (kept, out of the views), a run over another folder touches
// nothing else; stray non-documents are skipped; the same disclosure in several formats is
// loaded once as the primary and the other copies are marked duplicate.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePipeline } from '../src/pipeline/config.ts';
import { runPipeline } from '../src/pipeline/runner.ts';
import { databaseSummary } from '../src/pipeline/summary.ts';
import { EXIT } from '../src/cli/command.ts';
import { openForRead } from '../src/load/database.ts';
import { collectReportData } from '../src/query/report.ts';
import { ROOT, rows, sampleFiles, removeTempDirs, startCli, tempDir } from './batch-helpers.ts';

afterAll(removeTempDirs);

const run = (sources: (string | Record<string, unknown>)[], db: string, extra: Record<string, unknown> = {}) =>
  runPipeline({ pipeline: parsePipeline({ name: 'sync-test', sources, database: db, ...extra }, null), workers: 0 });
const counted = (db: string) => rows(db, 'SELECT count(*)::INTEGER AS n FROM project_facts').then((r) => Number(r[0]!.n));
const docs = (db: string) => rows(db, 'SELECT source_name, source_path, status, parsed_status, status_reason FROM documents ORDER BY source_path');

describe('renamed, moved, edited and deleted files', () => {
  it('rename all, rename and edit, delete, move between folders, and bring a file back', async () => {
    const dir = tempDir('sync');
    const src = path.join(dir, 'src');
    const db = path.join(dir, 'db.duckdb');
    const [a, b, c] = sampleFiles();
    fs.mkdirSync(path.join(src, 'x'), { recursive: true });
    fs.mkdirSync(path.join(src, 'y'));
    for (const f of [a!, b!, c!]) fs.copyFileSync(f, path.join(src, 'x', path.basename(f)));
    const first = await run([src], db);
    expect(first.counts).toMatchObject({ new: 3, ok: 3, failed: 0, duplicates: 0, removed: 0 });
    const projects = await counted(db);
    expect(projects).toBeGreaterThan(0);

    // Rename every file: same documents under the new names, no duplicates, nothing parsed.
    for (const f of fs.readdirSync(path.join(src, 'x'))) fs.renameSync(path.join(src, 'x', f), path.join(src, 'x', `renamed-${f}`));
    const renamed = await run([src], db);
    expect(renamed.counts).toMatchObject({ moved: 3, new: 0, duplicates: 0, removed: 0 });
    expect(renamed.status).toBe('ok');
    expect((await docs(db)).map((d) => [d.source_name, d.status])).toEqual(
      [a!, b!, c!].map((f) => [`renamed-${path.basename(f)}`, 'ok']));
    expect(await rows(db, 'SELECT * FROM failures')).toEqual([]);
    expect(await counted(db)).toBe(projects);

    // Move one between two folders of the same source.
    const moved = path.join(src, 'y', `renamed-${path.basename(a!)}`);
    fs.renameSync(path.join(src, 'x', `renamed-${path.basename(a!)}`), moved);
    expect((await run([src], db)).counts).toMatchObject({ moved: 1, new: 0, removed: 0 });
    expect((await docs(db)).find((d) => d.source_path === moved)?.status).toBe('ok');

    // Rename and edit: the old version is removed, the new one counts; nothing counted twice.
    const oldB = path.join(src, 'x', `renamed-${path.basename(b!)}`);
    const newB = path.join(src, 'x', 'edited.txt');
    fs.writeFileSync(newB, `${fs.readFileSync(oldB, 'utf8')}\n\n`);
    fs.rmSync(oldB);
    const edited = await run([src], db);
    expect(edited.counts).toMatchObject({ new: 1, removed: 1, ok: 1 });
    const after = await docs(db);
    expect(after.find((d) => d.source_path === oldB)).toMatchObject({ status: 'removed', parsed_status: 'ok' });
    expect(String(after.find((d) => d.source_path === oldB)?.status_reason)).toContain('edited.txt');
    expect(after.find((d) => d.source_path === newB)?.status).toBe('ok');
    expect(await counted(db)).toBe(projects);

    // Delete: kept, marked removed, out of the views, in the _all view.
    const gone = path.join(src, 'x', `renamed-${path.basename(c!)}`);
    const kept = fs.readFileSync(gone);
    fs.rmSync(gone);
    const dry = await runPipeline({ pipeline: parsePipeline({ name: 'sync-test', sources: [src], database: db }, null), dryRun: true });
    expect(dry.plan!.filter((p) => p.action === 'remove').map((p) => p.path)).toEqual([gone]);
    const deleted = await run([src], db);
    expect(deleted.counts).toMatchObject({ removed: 1, new: 0 });
    expect(deleted.status).toBe('ok');
    expect((await docs(db)).find((d) => d.source_path === gone)).toMatchObject({ status: 'removed', status_reason: expect.stringContaining('gone') });
    const cProjects = Number((await rows(db, `SELECT count(*)::INTEGER AS n FROM project_facts_all WHERE document_status = 'removed' AND source_name = '${path.basename(gone)}'`))[0]!.n);
    expect(cProjects).toBeGreaterThan(0);
    expect(await counted(db)).toBe(projects - cProjects);
    expect(await databaseSummary(db)).toMatch(/documents +4 +\(2 ok, 0 partial, 0 failed, 2 removed\)/);

    // The file comes back: its document counts again, without parsing.
    fs.writeFileSync(gone, kept);
    expect((await run([src], db)).counts).toMatchObject({ moved: 1, new: 0, removed: 0 });
    expect((await docs(db)).find((d) => d.source_path === gone)?.status).toBe('ok');
    expect(await counted(db)).toBe(projects);
  }, 180_000);

  it('a run over another folder leaves the documents of the first one alone', async () => {
    const dir = tempDir('sync-other');
    const db = path.join(dir, 'db.duckdb');
    const [a, b] = sampleFiles();
    for (const [sub, f] of [['one', a!], ['two', b!]] as const) {
      fs.mkdirSync(path.join(dir, sub));
      fs.copyFileSync(f, path.join(dir, sub, path.basename(f)));
    }
    await run([path.join(dir, 'one')], db);
    const second = await run([path.join(dir, 'two')], db);
    expect(second.counts).toMatchObject({ new: 1, removed: 0 });
    expect((await docs(db)).map((d) => d.status)).toEqual(['ok', 'ok']);
    // A narrower pipeline (include) does not remove what its globs do not cover either.
    fs.rmSync(path.join(dir, 'two', path.basename(b!)));
    const narrow = await run([{ path: dir, include: ['one/**'] }], db);
    expect(narrow.counts.removed).toBe(0);
    expect((await docs(db)).map((d) => d.status)).toEqual(['ok', 'ok']);
    expect((await run([dir], db)).counts.removed).toBe(1);
  }, 120_000);
});

describe('stray non-documents', () => {
  it('are listed as skipped, not failed, and leave the status ok; a disclosure saved as .txt is read', async () => {
    const dir = tempDir('stray');
    const src = path.join(dir, 'src');
    const db = path.join(dir, 'db.duckdb');
    fs.mkdirSync(src);
    const [a] = sampleFiles();
    fs.copyFileSync(a!, path.join(src, 'disclosure.txt'));
    fs.writeFileSync(path.join(src, 'SOURCES.md'), '# Sources\n\n- 2022年部门预算 from the county site\n');
    fs.writeFileSync(path.join(src, 'README.txt'), '这些文件是各县人社局公开的部门预算，下载于2024年。\nThese files were downloaded in 2024.\n');
    fs.writeFileSync(path.join(src, 'list.csv'), 'file,url\nx.pdf,https://example.org/x.pdf\n');
    fs.writeFileSync(path.join(src, '.DS_Store'), Buffer.from([0, 0, 0, 1, 66, 117, 100, 49]));
    const report = await run([src], db, { include_hidden: true });
    expect(report.status).toBe('ok');
    expect(report.counts).toMatchObject({ ok: 1, skipped: 4, failed: 0, partial: 0 });
    expect(report.failures.map((f) => [path.basename(f.file), f.status]).sort()).toEqual(
      [['.DS_Store', 'skipped'], ['README.txt', 'skipped'], ['SOURCES.md', 'skipped'], ['list.csv', 'skipped']]);
    expect(await rows(db, 'SELECT * FROM failures')).toEqual([]);
    const d = await rows(db, `SELECT source_name, status, error FROM documents ORDER BY source_name`);
    expect(d.find((r) => r.source_name === 'disclosure.txt')?.status).toBe('ok');
    expect(String(d.find((r) => r.source_name === 'README.txt')?.error)).toMatch(/not a disclosure/);
    // Unchanged on the next run, and still ok.
    const again = await run([src], db, { include_hidden: true });
    expect(again.counts).toMatchObject({ unchanged: 5, skipped: 0, failed: 0 });
  }, 120_000);
});

const corpus = path.resolve(ROOT, '../shared/corpus');
const haveCorpus = fs.existsSync(path.join(corpus, 'docx')) && fs.existsSync(path.join(corpus, 'pdf'));
if (!haveCorpus) console.log('skipped: the same disclosure in several formats needs ../shared/corpus/{pdf,docx}');

describe.skipIf(!haveCorpus)('the same disclosure in several formats', () => {
  it('is loaded once as the primary; the other formats are duplicates, out of the views; stable over runs', async () => {
    const dir = tempDir('formats');
    const db = path.join(dir, 'db.duckdb');
    const single = path.join(dir, 'single.duckdb');
    const stem = '000_8673c46da405b13e';
    const txt = sampleFiles().find((f) => path.basename(f).startsWith(stem))!;
    const input = path.join(dir, 'in');
    fs.mkdirSync(input);
    for (const f of [txt, path.join(corpus, 'pdf', `${stem}.pdf`), path.join(corpus, 'docx', `${stem}.docx`)]) fs.copyFileSync(f, path.join(input, path.basename(f)));
    const mixed = await run([input], db);
    expect(mixed.counts).toMatchObject({ new: 3, ok: 1, duplicates: 2, failed: 0 });
    expect(mixed.status).toBe('ok');
    const d = await rows(db, 'SELECT format, status, duplicate_of, status_reason FROM documents ORDER BY format');
    const primary = await rows(db, `SELECT doc_id, format FROM documents WHERE status = 'ok'`);
    expect(primary).toHaveLength(1);
    expect(primary[0]!.format).toBe('docx');
    for (const r of d.filter((x) => x.status === 'duplicate')) {
      expect(r.duplicate_of).toBe(primary[0]!.doc_id);
      expect(String(r.status_reason)).toMatch(/same disclosure as .*docx/);
    }
    expect((await rows(db, `SELECT status FROM failures ORDER BY file`)).map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    await run([txt], single);
    for (const view of ['project_facts', 'indicator_facts']) {
      const n = async (p: string) => Number((await rows(p, `SELECT count(*)::INTEGER AS n FROM ${view}`))[0]!.n);
      expect(await n(db), view).toBe(await n(single));
      expect(Number((await rows(db, `SELECT count(*)::INTEGER AS n FROM ${view}_all`))[0]!.n)).toBe(3 * (await n(single)));
    }
    // The same choice on the next run; and when the primary's file is gone, the next copy takes over.
    const again = await run([input], db);
    expect(again.counts).toMatchObject({ unchanged: 3, duplicates: 0 });
    expect((await rows(db, `SELECT format FROM documents WHERE status = 'ok'`)).map((r) => r.format)).toEqual(['docx']);
    fs.rmSync(path.join(input, `${stem}.docx`));
    const docxGone = await run([input], db);
    expect(docxGone.counts).toMatchObject({ removed: 1 });
    expect(docxGone.status).toBe('ok');
    expect((await rows(db, 'SELECT format, status FROM documents ORDER BY format')).map((r) => `${r.format} ${r.status}`))
      .toEqual(['docx removed', 'pdf ok', 'txt duplicate']);
    const n = Number((await rows(db, 'SELECT count(*)::INTEGER AS n FROM project_facts'))[0]!.n);
    expect(n).toBe(Number((await rows(single, 'SELECT count(*)::INTEGER AS n FROM project_facts'))[0]!.n));
  }, 240_000);
});

describe('one status vocabulary', () => {
  it('counts ok, partial and failed the same in the run report, the summary, the report data and the failures view', async () => {
    const dir = tempDir('statuses');
    const src = path.join(dir, 'src');
    const db = path.join(dir, 'db.duckdb');
    fs.mkdirSync(src);
    fs.copyFileSync(sampleFiles()[0]!, path.join(src, 'sample.txt'));
    fs.copyFileSync(path.join(ROOT, 'test/fixtures/pdf/scanned.pdf'), path.join(src, 'scanned.pdf'));
    fs.copyFileSync(path.join(ROOT, 'test/fixtures/batch/empty.pdf'), path.join(src, 'empty.pdf'));
    // The scan stays unread (partial) with OCR off, as where the OCR packages are not installed.
    process.env.BUDGET_INGEST_OCR = 'off';
    const cli = startCli(['ingest', src, '--db', db, '--progress', 'none', '--summary']);
    delete process.env.BUDGET_INGEST_OCR;
    expect(await cli.exit).toBe(EXIT.someFailed);
    const text = cli.stdout.join('');
    expect(text).toMatch(/; 1 ok, 1 partial, 1 failed in /);
    expect(text).toMatch(/documents +3 +\(1 ok, 1 partial, 1 failed\)/);
    expect(text).toMatch(/✗ partial .*scanned\.pdf: extract: needs OCR/);
    expect(text).toMatch(/✗ failed .*empty\.pdf: read: empty file \(0 bytes\)/);
    expect((await rows(db, 'SELECT status FROM failures ORDER BY status')).map((r) => r.status)).toEqual(['failed', 'partial']);
    expect((await rows(db, 'SELECT status, count(*)::INTEGER AS n FROM documents GROUP BY 1 ORDER BY 1'))).toEqual(
      [{ status: 'failed', n: 1 }, { status: 'ok', n: 1 }, { status: 'partial', n: 1 }]);
    const runs = await rows(db, 'SELECT ok, partial, failed FROM runs');
    expect(runs).toEqual([{ ok: 1, partial: 1, failed: 1 }]);
    const handle = await openForRead(db);
    try {
      expect((await collectReportData(handle)).totals).toMatchObject({ documents: 3, ok: 1, partial: 1, failed: 1 });
    } finally {
      handle.close();
    }
  }, 120_000);
});
