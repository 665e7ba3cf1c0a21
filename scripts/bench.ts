// `npm run bench` (issue #14, item 6): one run, ratios side by side.
//  - start-up: `budget-ingest --help` against a bare `node -e 0` (median of interleaved runs);
//  - pages/s over the distinct PDFs, CPU time of whole processes run one at a time: the CLI
//    (`ingest --workers 1`: every stage and DuckDB) against bare pdf.js getTextContent
//    (scripts/bench-bare-pdfjs.mjs) and `pdftotext -layout` when installed;
//  - a corpus of ≥ 200 PDFs (copies of those PDFs, each with a comment appended after the end
//    so every hash differs) loaded by the CLI with 1 and 2 workers: documents/s, pages/s, peak
//    memory and what each worker adds, transactions per run (runs.transactions); then a re-run
//    with nothing changed, which must take under 5 % of the full run (hash-only skip);
//  - a one-page PDF ingest's peak memory.
// The distinct PDFs: the readable ones of test/fixtures/pdf, ../shared/corpus/pdf and
// ../shared/corpus/real when present. The CLI runs from dist/ (built first, bin/build.mjs).
//   options: --docs N (default 200)  --workers 1,2  --rounds N (default 3: the CPU ratios are the
//   medians of N interleaved runs; one run on a shared VM varies by ±20 %)  --keep (keep the temp folder)
// CPU times are the children's (Linux /proc/self/stat cutime+cstime); elsewhere wall time.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openForRead, queryRows } from '../src/load/database.ts';
import { sha256 } from '../src/pipeline/process.ts';
import { INTERRUPT_BUDGET } from '../bin/tiering.mjs';

const { values } = parseArgs({ options: { docs: { type: 'string', default: '200' }, workers: { type: 'string', default: '1,2' }, rounds: { type: 'string', default: '3' }, keep: { type: 'boolean', default: false } } });
const rounds = Math.max(1, Number(values.rounds));
const docCount = Number(values.docs);
const workerCounts = values.workers!.split(',').map(Number);

const root = path.resolve(import.meta.dirname, '..');
const shared = path.resolve(root, '../shared/corpus');
const BIN = path.join(root, 'bin/budget-ingest.mjs');
const BARE = path.join(root, 'scripts/bench-bare-pdfjs.mjs');
const RSS_HOOK = path.join(root, 'test/fixtures/hostile/report-rss.mjs');
const UNREADABLE = /^(encrypted|truncated|scanned)\.pdf$/;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'budget-bench-'));

const build = spawnSync(process.execPath, [path.join(root, 'bin/build.mjs')], { cwd: root, encoding: 'utf8' });
if (build.status !== 0) console.log(`note: dist/ did not build, the CLI runs the TypeScript sources:\n${build.stdout}${build.stderr}`);

// ── CPU time of children, peak memory ───────────────────────────────────────
const hasProcStat = fs.existsSync('/proc/self/stat');
/** CPU seconds of the waited-for children so far (user + system). */
function childCpu(): number {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // f[0] is field 3 (state)
  return (Number(f[13]) + Number(f[14])) / 100; // cutime, cstime in clock ticks (USER_HZ = 100)
}
interface Measured { wall: number; cpu: number; stdout: string; status: number | null; rssMb: number }
function measure(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Measured {
  const rssFile = path.join(dir, `rss-${Math.random().toString(36).slice(2)}`);
  const c0 = hasProcStat ? childCpu() : 0;
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, ...env, REPORT_RSS_FILE: rssFile } });
  const wall = (performance.now() - t0) / 1000;
  const cpu = hasProcStat ? childCpu() - c0 : wall;
  const rssMb = fs.existsSync(rssFile) ? Number(fs.readFileSync(rssFile, 'utf8')) / 1024 : NaN;
  if (r.status !== 0 && r.status !== 1) console.log(`note: ${path.basename(cmd)} ${args.slice(0, 3).join(' ')} … exited ${r.status}: ${(r.stderr ?? '').split('\n')[0]}`);
  return { wall, cpu, stdout: r.stdout ?? '', status: r.status, rssMb };
}
const ingest = (input: string, db: string, workers: number, ...more: string[]) =>
  measure(process.execPath, ['--import', RSS_HOOK, BIN, 'ingest', input, '--db', db, '--workers', String(workers), '--progress', 'none', ...more]);
/** The same with OCR off: scanned pages inside text PDFs are not read, as bare pdf.js does not read them. */
const ingestNoOcr = (input: string, db: string) =>
  measure(process.execPath, ['--import', RSS_HOOK, BIN, 'ingest', input, '--db', db, '--workers', '1', '--progress', 'none'], { BUDGET_INGEST_OCR: 'off' });
/** The same through tsx (the TypeScript sources, transpiled at every start: how it ran before dist/). */
const ingestTsx = (input: string, db: string, workers: number) =>
  measure(process.execPath, ['--import', RSS_HOOK, BIN, 'ingest', input, '--db', db, '--workers', String(workers), '--progress', 'none'], { BUDGET_INGEST_TSX: '1' });
async function runStats(db: string): Promise<{ transactions: number | null; ok: number; partial: number; failed: number; duplicates: number }> {
  const d = await openForRead(db);
  try {
    const [r] = await queryRows(d, 'SELECT transactions, ok, partial, failed, duplicates FROM runs ORDER BY started_at DESC LIMIT 1');
    return { transactions: r?.transactions === null || r?.transactions === undefined ? null : Number(r.transactions), ok: Number(r?.ok), partial: Number(r?.partial), failed: Number(r?.failed), duplicates: Number(r?.duplicates) };
  } finally {
    d.close();
  }
}
async function scalar(db: string, sql: string): Promise<string> {
  const d = await openForRead(db);
  try {
    return String(Object.values((await queryRows(d, sql))[0] ?? {})[0] ?? '?');
  } finally {
    d.close();
  }
}
const ratio = (a: number, b: number) => `×${(a / b).toFixed(2)}`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

// ── The PDFs ────────────────────────────────────────────────────────────────
const pdfsIn = (d: string) => (fs.existsSync(d) ? fs.readdirSync(d).filter((f) => f.toLowerCase().endsWith('.pdf') && !UNREADABLE.test(f)).sort().map((f) => path.join(d, f)) : []);
const candidates = [...pdfsIn(path.join(root, 'test/fixtures/pdf')), ...pdfsIn(path.join(shared, 'pdf')), ...pdfsIn(path.join(shared, 'real'))];
const byHash = new Map<string, string>();
for (const f of candidates) byHash.set(sha256(new Uint8Array(fs.readFileSync(f))), f); // byte-identical copies once
const distinct = [...byHash.values()];
const distinctDir = path.join(dir, 'distinct');
fs.mkdirSync(distinctDir);
distinct.forEach((f, i) => fs.copyFileSync(f, path.join(distinctDir, `${String(i).padStart(3, '0')}_${path.basename(f)}`)));
const pagesOf = new Map(distinct.map((f) => [f, (JSON.parse(measure(process.execPath, [BARE, f]).stdout) as { pages: number }).pages]));
const distinctPages = [...pagesOf.values()].reduce((a, b) => a + b, 0);

const corpus = path.join(dir, 'corpus');
fs.mkdirSync(corpus);
let corpusPages = 0;
for (let i = 0; i < docCount; i++) {
  const src = distinct[i % distinct.length]!;
  // A comment after %%EOF changes the hash, not what a reader sees.
  fs.writeFileSync(path.join(corpus, `doc${String(i).padStart(5, '0')}_${path.basename(src)}`), Buffer.concat([fs.readFileSync(src), Buffer.from(`\n%bench copy ${i}\n`)]));
  corpusPages += pagesOf.get(src)!;
}
const corpusMb = fs.readdirSync(corpus).reduce((a, f) => a + fs.statSync(path.join(corpus, f)).size, 0) / 1e6;

console.log(`machine: ${os.availableParallelism()} cores, load average ${os.loadavg()[0]!.toFixed(1)} (ratios are only comparable within one run), node ${process.version}`);
console.log(`distinct PDFs: ${distinct.length} (${distinctPages} pages): test/fixtures/pdf, ${fs.existsSync(shared) ? '../shared/corpus/pdf and real' : 'no ../shared/corpus (absent)'}`);
console.log(`corpus: ${docCount} PDFs, ${corpusPages} pages, ${corpusMb.toFixed(1)} MB (copies of the distinct ones) in ${corpus}\n`);

// ── Start-up ────────────────────────────────────────────────────────────────
{
  const bare: number[] = [];
  const help: number[] = [];
  for (let i = 0; i < 11; i++) {
    bare.push(measure(process.execPath, ['-e', '0']).wall);
    help.push(measure(process.execPath, [BIN, '--help']).wall);
  }
  const [b, h] = [median(bare), median(help)];
  console.log(`start-up: budget-ingest --help ${(h * 1000).toFixed(0)} ms, node -e 0 ${(b * 1000).toFixed(0)} ms: ${ratio(h, b)} (target ≤ ×4)`);
}

// ── Pages/s over the distinct PDFs, one process at a time ───────────────────
/** Medians over `rounds` interleaved runs of each command (the machine's speed drifts between runs); each gets the round. */
function medianRuns(cmds: Record<string, (round: number) => Measured>): Record<string, Measured> {
  const all: Record<string, Measured[]> = {};
  for (let i = 0; i < rounds; i++) for (const [k, run] of Object.entries(cmds)) (all[k] ??= []).push(run(i));
  return Object.fromEntries(Object.entries(all).map(([k, ms]) => {
    const byCpu = [...ms].sort((a, b) => a.cpu - b.cpu);
    return [k, { ...byCpu[ms.length >> 1]!, wall: median(ms.map((m) => m.wall)) }];
  }));
}
/** Bare pdf.js with the V8 tiering the CLI sets for itself (bin/tiering.mjs): like for like on the JIT. */
const bareTuned = (files: string[]) => measure(process.execPath, [`--interrupt-budget=${INTERRUPT_BUDGET}`, BARE, ...files]);
{
  const files = fs.readdirSync(distinctDir).sort().map((f) => path.join(distinctDir, f));
  const m = medianRuns({
    bare: () => measure(process.execPath, [BARE, ...files]),
    ours: (i) => ingest(distinctDir, path.join(dir, `distinct-${i}.duckdb`), 1),
    noOcr: (i) => ingestNoOcr(distinctDir, path.join(dir, `distinct-no-ocr-${i}.duckdb`)),
  });
  const { bare, ours, noOcr } = m as Record<'bare' | 'ours' | 'noOcr', Measured>;
  const ocrPages = await scalar(path.join(dir, 'distinct-0.duckdb'), 'SELECT coalesce(sum(ocr_pages), 0) AS n FROM documents');
  const tsx = ingestTsx(distinctDir, path.join(dir, 'distinct-tsx.duckdb'), 1);
  const poppler = spawnSync('pdftotext', ['-v']).error ? null : (() => {
    const c0 = hasProcStat ? childCpu() : 0;
    const t0 = performance.now();
    for (const f of files) spawnSync('pdftotext', ['-layout', f, '-'], { stdio: 'ignore' });
    const wall = (performance.now() - t0) / 1000;
    return { wall, cpu: hasProcStat ? childCpu() - c0 : wall };
  })();
  const pps = (s: number) => `${(distinctPages / s).toFixed(1)} pages/s`;
  console.log(`\npages/s over the ${distinct.length} distinct PDFs (${distinctPages} pages), CPU time of the whole process (wall time), median of ${rounds} interleaved run${rounds === 1 ? '' : 's'}:`);
  console.log(`  pdf.js getTextContent alone        ${pps(bare.cpu).padEnd(16)} CPU ${bare.cpu.toFixed(1)} s (${bare.wall.toFixed(1)} s)  ×1.00`);
  console.log(`  budget-ingest ingest --workers 1   ${pps(ours.cpu).padEnd(16)} CPU ${ours.cpu.toFixed(1)} s (${ours.wall.toFixed(1)} s)  ${ratio(ours.cpu, bare.cpu)} (OCR reads the scanned pages: see below)`);
  console.log(`  the same, OCR off                  ${pps(noOcr.cpu).padEnd(16)} CPU ${noOcr.cpu.toFixed(1)} s (${noOcr.wall.toFixed(1)} s)  ${ratio(noOcr.cpu, bare.cpu)} (like for like: bare pdf.js reads no images; with OCR on, ${String(ocrPages)} scanned pages are read by OCR)`);
  console.log(`  the same through tsx (no dist/)    ${pps(tsx.cpu).padEnd(16)} CPU ${tsx.cpu.toFixed(1)} s (${tsx.wall.toFixed(1)} s)  ${ratio(tsx.cpu, bare.cpu)}, peak RSS ${tsx.rssMb.toFixed(0)} MB against ${ours.rssMb.toFixed(0)} MB from dist/`);
  if (poppler) console.log(`  pdftotext -layout (poppler)        ${pps(poppler.cpu).padEnd(16)} CPU ${poppler.cpu.toFixed(1)} s (${poppler.wall.toFixed(1)} s)  ${ratio(poppler.cpu, bare.cpu)}`);
  else console.log('  pdftotext: not installed (poppler-utils), left out');
}

// ── The real PDFs alone (issue #14's yardstick), OCR off ────────────────────
{
  const real = pdfsIn(path.join(shared, 'real'));
  if (real.length) {
    const realDir = path.join(dir, 'real');
    fs.mkdirSync(realDir);
    for (const f of real) fs.copyFileSync(f, path.join(realDir, path.basename(f)));
    const files = real.map((f) => path.join(realDir, path.basename(f)));
    const { bare, tuned, ours } = medianRuns({
      bare: () => measure(process.execPath, [BARE, ...files]),
      tuned: () => bareTuned(files),
      ours: (i) => ingestNoOcr(realDir, path.join(dir, `real-${i}.duckdb`)),
    }) as Record<'bare' | 'tuned' | 'ours', Measured>;
    const pages = real.reduce((a, f) => a + (pagesOf.get(f) ?? 0), 0);
    console.log(`\nthe ${real.length} real PDFs of ../shared/corpus/real (${pages} pages), OCR off, CPU (wall), median of ${rounds}:`);
    console.log(`  pdf.js getTextContent alone                 CPU ${bare.cpu.toFixed(1)} s (${bare.wall.toFixed(1)} s)  ×1.00`);
    console.log(`  budget-ingest ingest --workers 1            CPU ${ours.cpu.toFixed(1)} s (${ours.wall.toFixed(1)} s)  ${ratio(ours.cpu, bare.cpu)} (target ≤ ×1.5, aim ×1.2)`);
    console.log(`  pdf.js alone with the CLI's V8 tiering      CPU ${tuned.cpu.toFixed(1)} s (${tuned.wall.toFixed(1)} s)  ${ratio(tuned.cpu, bare.cpu)}; budget-ingest against it: ${ratio(ours.cpu, tuned.cpu)}`);
  } else console.log('\nthe real PDFs: no ../shared/corpus/real (absent), left out');
}

// ── The corpus with 1 and 2 workers ─────────────────────────────────────────
const runs: { workers: number; m: Measured }[] = [];
console.log(`\n${docCount} PDFs, ${corpusPages} pages, budget-ingest ingest (a fresh database each):`);
for (const workers of workerCounts) {
  const db = path.join(dir, `w${workers}.duckdb`);
  const m = ingest(corpus, db, workers);
  const st = await runStats(db);
  runs.push({ workers, m });
  console.log(`  ${workers} worker${workers === 1 ? ': ' : 's:'} ${m.wall.toFixed(1)} s, ${(docCount / m.wall).toFixed(2)} documents/s, ${(corpusPages / m.wall).toFixed(1)} pages/s, ` +
    `CPU ${(m.cpu / m.wall).toFixed(2)} cores busy, peak RSS ${m.rssMb.toFixed(0)} MB, ${st.transactions ?? '?'} transactions (${st.ok} ok, ${st.partial} partial, ${st.failed} failed, ${st.duplicates} duplicates: copies of one disclosure are parsed, then kept once)`);
}
if (runs.length >= 2) {
  const [a, b] = [runs[0]!, runs.at(-1)!];
  console.log(`  speed-up ${a.workers} → ${b.workers} workers: ${ratio(a.m.wall, b.m.wall)} (needs ${b.workers} idle cores); each worker beyond the first adds ${((b.m.rssMb - a.m.rssMb) / (b.workers - a.workers)).toFixed(0)} MB peak`);
}
{
  const last = runs.at(-1)!;
  const again = ingest(corpus, path.join(dir, `w${last.workers}.duckdb`), last.workers, '--incremental');
  const share = (again.wall / last.m.wall) * 100;
  console.log(`  re-run, nothing changed: ${again.wall.toFixed(2)} s = ${share.toFixed(1)} % of the full run ${share < 5 ? '(< 5 %: ok)' : '(NOT under 5 %)'}`);
}

// ── Memory of a one-page ingest ─────────────────────────────────────────────
{
  const one = path.join(dir, 'one');
  fs.mkdirSync(one);
  // A one-page PDF of the distinct ones, else the first page of the smallest cut with qpdf.
  let src: string | null = distinct.find((f) => pagesOf.get(f) === 1) ?? null;
  if (!src) {
    const from = [...distinct].sort((x, y) => fs.statSync(x).size - fs.statSync(y).size)[0];
    const cut = path.join(dir, 'first-page.pdf');
    if (from && !spawnSync('qpdf', [from, '--pages', '.', '1', '--', cut]).error && fs.existsSync(cut)) src = cut;
  }
  if (src) {
    fs.copyFileSync(src, path.join(one, path.basename(src)));
    const m = ingest(one, path.join(dir, 'one.duckdb'), 1);
    console.log(`\none-page PDF ingest (${path.basename(src)}, 1 worker): peak RSS ${m.rssMb.toFixed(0)} MB (target < 300), ${m.wall.toFixed(2)} s`);
  } else console.log('\none-page PDF ingest: no one-page PDF among the distinct ones, and no qpdf to cut one');
}

if (values.keep) console.log(`\nkept: ${dir}`);
else fs.rmSync(dir, { recursive: true, force: true });
