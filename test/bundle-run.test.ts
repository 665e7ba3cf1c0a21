// A ZIP bundle of the sample disclosures in several formats, run through the batch pipeline:
// every member loads as a document of its own, a bad member fails alone, a re-run skips every
// member unchanged, and a changed member alone is re-parsed.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSoffice } from '../src/extract/doc/soffice.ts';
import { parsePipeline, type Pipeline } from '../src/pipeline/config.ts';
import { Writable } from 'node:stream';
import { createProgress, type Progress } from '../src/pipeline/progress.ts';
import { runPipeline, type RunReport } from '../src/pipeline/runner.ts';
import { removeTempDirs, ROOT, rows, SAMPLES, tempDir } from './batch-helpers.ts';
import { gbkEncode } from './fixtures/bundle/gbk.ts';
import { makeZip, type ZipInput } from './fixtures/bundle/make-zip.ts';

afterAll(removeTempDirs);

const CORPUS = path.join(ROOT, '../shared/corpus');
const hasCorpus = fs.existsSync(path.join(CORPUS, 'pdf'));
const hasSoffice = findSoffice() !== null;
if (!hasCorpus) console.log('bundle-run: ../shared/corpus missing; the bundle holds the bundled text samples only');
if (hasCorpus && !hasSoffice) console.log('bundle-run: LibreOffice not installed; the bundle holds no .doc member');

const dir = tempDir('bundle');
const input = path.join(dir, 'in');
const bundle = path.join(input, '附件.zip');
const db = path.join(dir, 'budget.duckdb');
const sample = (stem: string) => fs.readFileSync(path.join(SAMPLES, `${stem}.txt`));
const corpus = (fmt: string, stem: string) => fs.readFileSync(path.join(CORPUS, fmt, `${stem}.${fmt}`));

/** Members expected to load: name inside the bundle → how to build it. */
function goodMembers(changed = false): { name: string; entry: ZipInput }[] {
  const txt003 = changed ? Buffer.concat([sample('003_c128c7645c42ae13'), Buffer.from('\n\n')]) : sample('003_c128c7645c42ae13');
  const out: { name: string; entry: ZipInput }[] = [
    // GBK folder name, as the Explorer of a Chinese Windows writes it.
    { name: '部门预算/003_c128c7645c42ae13.txt', entry: { name: gbkEncode('部门预算/003_c128c7645c42ae13.txt'), utf8Flag: false, data: txt003, deflate: true } },
  ];
  if (hasCorpus) {
    out.push({ name: 'pdf/000_8673c46da405b13e.pdf', entry: { name: 'pdf/000_8673c46da405b13e.pdf', data: corpus('pdf', '000_8673c46da405b13e'), deflate: true } });
    out.push({ name: 'docx/001_d071826548224e33.docx', entry: { name: 'docx/001_d071826548224e33.docx', data: corpus('docx', '001_d071826548224e33') } });
    if (hasSoffice) out.push({ name: 'doc/002_d7b7d16e4f99e9a9.doc', entry: { name: 'doc/002_d7b7d16e4f99e9a9.doc', data: corpus('doc', '002_d7b7d16e4f99e9a9'), deflate: true } });
  } else {
    out.push({ name: '000_8673c46da405b13e.txt', entry: { name: '000_8673c46da405b13e.txt', data: sample('000_8673c46da405b13e') } });
  }
  return out;
}

function writeBundle(changed = false): string[] {
  const good = goodMembers(changed);
  const inner = makeZip([{ name: '004_c2ed7faebcfb9906.txt', data: sample('004_c2ed7faebcfb9906'), deflate: true }]);
  fs.writeFileSync(bundle, makeZip([
    ...good.map((g) => g.entry),
    { name: 'inner.zip', data: inner },
    // A PDF cut after its header: fails alone.
    { name: 'broken.pdf', data: '%PDF-1.7\n1 0 obj\n<<' },
  ]));
  return [...good.map((g) => g.name), 'inner.zip!/004_c2ed7faebcfb9906.txt'];
}

const notes: string[] = [];
const progress: Progress = { start() {}, document() {}, note: (m) => notes.push(m), finish() {} };
let pipeline: Pipeline;
let good: string[];
let first: RunReport;

beforeAll(async () => {
  fs.mkdirSync(input, { recursive: true });
  good = writeBundle();
  pipeline = parsePipeline({ name: 'bundle-test', sources: [input], database: db }, null);
  first = await runPipeline({ pipeline, workers: 2, progress });
}, 300_000);

describe('a ZIP bundle of the samples in several formats', () => {
  it('loads every member as a document of its own, named bundle.zip!/folder/member', async () => {
    const docs = await rows(db, `SELECT d.source_name, d.source_path, d.format, d.status, count(DISTINCT p.project_seq)::INTEGER AS projects
      FROM documents d LEFT JOIN projects p USING (doc_id) GROUP BY ALL`);
    const byName = new Map(docs.map((d) => [String(d.source_name), d]));
    for (const name of good) {
      const d = byName.get(`附件.zip!/${name}`);
      expect(d, name).toBeDefined();
      expect(d!.source_path).toBe(`${bundle}!/${name}`);
      expect(d!.status, name).toBe('ok');
      expect(Number(d!.projects), name).toBeGreaterThan(0);
      expect(d!.format).toBe(path.extname(name).slice(1));
    }
    expect(first.counts.new).toBe(good.length);
    expect(notes).toContain(`${bundle}: ZIP bundle of ${good.length + 1} documents`);
  });

  it('fails the bad member alone, under its own name in the failures view', async () => {
    expect(first.counts.failed).toBe(1);
    expect(await rows(db, 'SELECT file, stage FROM failures')).toEqual([{ file: `${bundle}!/broken.pdf`, stage: 'extract' }]);
    // No row stands for the bundle itself: its members are the documents.
    expect(await rows(db, `SELECT count(*)::INTEGER AS n FROM documents WHERE source_path = '${bundle.replace(/'/g, "''")}'`)).toEqual([{ n: 0 }]);
  });

  it('skips every member unchanged on a re-run, and re-parses only a member that changed', async () => {
    const before = await rows(db, 'SELECT doc_id, source_path, CAST(loaded_at AS VARCHAR) AS t FROM documents ORDER BY doc_id');
    const again = await runPipeline({ pipeline, workers: 2, progress });
    expect(again.counts).toMatchObject({ files: good.length + 1, unchanged: good.length + 1, new: 0, replaced: 0, failed: 0 });
    expect(await rows(db, 'SELECT doc_id, source_path, CAST(loaded_at AS VARCHAR) AS t FROM documents ORDER BY doc_id')).toEqual(before);
    // A dry run lists the members, not the bundle.
    const dry = await runPipeline({ pipeline, dryRun: true });
    expect(dry.plan!.map((p) => [p.path, p.action]).sort()).toEqual([...good, 'broken.pdf'].map((n) => [`${bundle}!/${n}`, 'unchanged']).sort());

    writeBundle(true);
    const changed = await runPipeline({ pipeline, workers: 2, progress });
    expect(changed.counts).toMatchObject({ unchanged: good.length, replaced: 1, new: 0 });
    const paths = (await rows(db, 'SELECT source_path FROM documents ORDER BY source_path')).map((r) => r.source_path);
    expect(paths.length).toBe(good.length + 1);
  }, 300_000);
});

describe('the progress bar', () => {
  it('counts a bundle\'s members toward the total', async () => {
    const small = tempDir('bundle-bar');
    fs.writeFileSync(path.join(small, 'b.zip'), makeZip([
      { name: 'a.txt', data: sample('004_c2ed7faebcfb9906') },
      { name: 'b.txt', data: Buffer.concat([sample('004_c2ed7faebcfb9906'), Buffer.from('\n')]) },
      { name: 'c.txt', data: Buffer.concat([sample('004_c2ed7faebcfb9906'), Buffer.from('\n\n')]) },
    ]));
    let out = '';
    const stream = Object.assign(new Writable({ write(chunk, _enc, done) { out += String(chunk); done(); } }), { columns: 200, isTTY: true });
    const p = parsePipeline({ name: 'bar', sources: [small], database: path.join(small, 'db.duckdb') }, null);
    const report = await runPipeline({ pipeline: p, workers: 0, progress: createProgress('bar', stream as unknown as NodeJS.WriteStream) });
    expect(report.counts.new).toBe(3);
    expect(out).toContain('] 3/3 ');
    expect(out).not.toMatch(/\] [4-9]\/3/);
  }, 60_000);
});
