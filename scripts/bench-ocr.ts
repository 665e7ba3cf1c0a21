// `npm run bench:ocr`: seconds per page of OCR (scanned pages) next to text-layer extraction
// of the same documents, and the accuracy of the OCR'd ones against the gold records.
//   node bin/run-ts.mjs scripts/bench-ocr.ts [--scanned DIR] [--text DIR] [--workers 1] [--keep]
//        [--dpi 150 [--only 000,004]]
// Defaults: ../shared/corpus/scanned, and the same file names in ../shared/corpus/pdf.
// --dpi N scans the text PDFs (--only: those whose names start so) here first, at N dpi with
// a slight skew, noise and JPEG artefacts (test/fixtures/scanned/make-scans.ts), and benches
// those. A long document needs --workers 0 (no 5-minute parse limit) and a larger
// BUDGET_INGEST_OCR_BUDGET. BUDGET_INGEST_OCR_SCALE=1.5|2|2.5 renders pages at another
// resolution (pixels per point).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ocrAssets } from '../src/ocr/engine.ts';
import { parsePipeline } from '../src/pipeline/config.ts';
import { runPipeline } from '../src/pipeline/runner.ts';
import { openForRead, queryRows } from '../src/load/database.ts';

const root = path.resolve(import.meta.dirname, '..');
const shared = path.resolve(root, '..', 'shared');
const { values } = parseArgs({
  options: {
    scanned: { type: 'string', default: path.join(shared, 'corpus/scanned') },
    text: { type: 'string', default: path.join(shared, 'corpus/pdf') },
    workers: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
    dpi: { type: 'string' },
    only: { type: 'string' },
  },
});
const assets = ocrAssets();
if ('missing' in assets) { console.error(`bench-ocr: ${assets.missing}`); process.exit(2); }
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'budget-bench-ocr-'));
if (values.dpi) {
  // Scans made here from the text PDFs (never kept: large, and made the same every time).
  const { scan } = await import('../test/fixtures/scanned/make-scans.ts');
  const made = path.join(dir, 'made');
  fs.mkdirSync(made);
  const only = values.only?.split(',');
  for (const f of fs.readdirSync(values.text!).filter((f) => f.endsWith('.pdf') && (!only || only.some((o) => f.startsWith(o)))).sort()) {
    fs.writeFileSync(path.join(made, f), await scan(fs.readFileSync(path.join(values.text!, f)), { dpi: Number(values.dpi), skew: 0.7, noise: 12, quality: 70, seed: 1 }));
  }
  values.scanned = made;
}
if (!fs.existsSync(values.scanned!)) { console.error(`bench-ocr: ${values.scanned} not found`); process.exit(2); }
const names = fs.readdirSync(values.scanned!).filter((f) => f.endsWith('.pdf')).sort();
const workers = Number(values.workers);
console.log(`machine: ${os.availableParallelism()} cores, load average ${os.loadavg()[0]!.toFixed(1)}, node ${process.version}; OCR scale ${process.env.BUDGET_INGEST_OCR_SCALE ?? '2 (default)'}, ${workers} worker(s)${values.dpi ? `; scans made at ${values.dpi} dpi (skew 0.7°, noise σ 12, JPEG q70)` : ''}`);

async function load(label: string, files: string[]): Promise<{ db: string; seconds: number; pages: number }> {
  const input = path.join(dir, label);
  fs.mkdirSync(input);
  for (const f of files) fs.copyFileSync(f, path.join(input, path.basename(f)));
  const db = path.join(dir, `${label}.duckdb`);
  const report = await runPipeline({ pipeline: parsePipeline({ name: `bench-${label}`, sources: [input], database: db }, null), workers });
  const handle = await openForRead(db);
  const rows = await queryRows(handle, 'SELECT sum(pages)::INTEGER AS pages, sum(coalesce(ocr_pages, 0))::INTEGER AS ocr FROM documents').finally(() => handle.close());
  const pages = Number(rows[0]!.pages);
  console.log(`${label}: ${files.length} documents, ${pages} pages (${rows[0]!.ocr} OCR'd) in ${report.seconds.toFixed(1)} s = ${(report.seconds / pages).toFixed(2)} s/page`);
  return { db, seconds: report.seconds, pages };
}

const ocr = await load('scanned', names.map((n) => path.join(values.scanned!, n)));
const textFiles = names.map((n) => path.join(values.text!, n)).filter((f) => fs.existsSync(f));
if (textFiles.length) {
  const text = await load('text-layer', textFiles);
  console.log(`OCR costs ×${((ocr.seconds / ocr.pages) / (text.seconds / text.pages)).toFixed(0)} the time per page of the text layer`);
}
const score = path.join(shared, 'eval/score.mjs');
if (fs.existsSync(score)) {
  const out = spawnSync(process.execPath, [score, '--db', ocr.db, '--format', 'pdf'], { encoding: 'utf8' });
  console.log(`accuracy of the OCR'd documents:\n${out.stdout.trim()}`);
}
if (!values.keep) fs.rmSync(dir, { recursive: true, force: true });
