// Long fuzz run: `npm run fuzz -- [--cases 10000] [--seed 1] [--chunk 250] [--workers N] [--minutes M] [--out DIR]`.
// Writes seeded mutations of the seed documents (test/fixtures/hostile/mutate.ts) in chunks and
// runs each chunk through the real CLI batch runner (`ingest`, worker threads as default) in a
// child process, then reports counts by status, the slowest files, peak memory (maxRSS of the
// child, worker threads included) and process crashes, which must be zero. A chunk whose
// process crashes is kept under --out and run once more, to check the file it died on is
// recorded as failed and the rest load.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openForRead, queryRows } from '../src/load/database.ts';
import { fuzzCase, loadSeeds } from '../test/fixtures/hostile/mutate.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    chunk: { type: 'string', default: '250' },
    /** Stop starting new chunks after this long (a slow machine runs as many cases as fit). */
    minutes: { type: 'string' },
    workers: { type: 'string' },
    out: { type: 'string', default: path.join(os.tmpdir(), 'budget-ingest-fuzz') },
  },
});
const cases = Number(values.cases);
const seed = Number(values.seed);
const chunk = Number(values.chunk);
const out = path.resolve(values.out!);
fs.mkdirSync(out, { recursive: true });

const { seeds, notes } = loadSeeds(ROOT);
for (const n of notes) console.error(`fuzz: ${n}`);

interface RunResult { code: number | null; signal: NodeJS.Signals | null; rssKb: number; ms: Map<string, number>; stderrTail: string[] }

function runChunk(input: string, db: string): Promise<RunResult> {
  const rssFile = `${db}.rss`;
  const args = ['--import', path.join(ROOT, 'test/fixtures/hostile/report-rss.mjs'), path.join(ROOT, 'bin/budget-ingest.mjs'),
    'ingest', input, '--db', db, '--progress', 'json', ...(values.workers ? ['--workers', values.workers] : [])];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, REPORT_RSS_FILE: rssFile } });
  const ms = new Map<string, number>();
  const tail: string[] = [];
  let buf = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => {
    buf += c;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (line.startsWith('{"time"')) {
        try {
          const e = JSON.parse(line) as { event: string; path: string; ms?: number };
          if (e.event === 'document' && typeof e.ms === 'number') ms.set(path.basename(e.path), e.ms);
          continue;
        } catch { /* not an event */ }
      }
      tail.push(line);
      if (tail.length > 20) tail.shift();
    }
  });
  return new Promise((resolve) => child.on('exit', (code, signal) => {
    let rssKb = 0;
    try { rssKb = Number(fs.readFileSync(rssFile, 'utf8')); } catch { /* crashed before exit handlers */ }
    resolve({ code, signal, rssKb, ms, stderrTail: tail });
  }));
}

async function documentRows(db: string): Promise<Map<string, { status: string; error: string | null }>> {
  const m = new Map<string, { status: string; error: string | null }>();
  if (!fs.existsSync(db)) return m;
  const conn = await openForRead(db);
  try {
    for (const r of await queryRows(conn, 'SELECT source_name, status, error FROM documents')) m.set(String(r.source_name), { status: String(r.status), error: r.error === null ? null : String(r.error) });
    // Files recorded as copies of another file of the chunk (a mutation that changed nothing).
    for (const r of await queryRows(conn, "SELECT source_path FROM duplicates").catch(() => [])) m.set(path.basename(String(r.source_path)), { status: 'duplicate', error: null });
  } finally {
    conn.close();
  }
  return m;
}

const started = Date.now();
const byStatus: Record<string, number> = {};
const reasons = new Map<string, number>();
const slowest: { name: string; what: string; ms: number; status: string }[] = [];
let peakRssKb = 0;
let crashes = 0;
let missing = 0;
const crashNotes: string[] = [];

const deadline = values.minutes ? started + Number(values.minutes) * 60_000 : Infinity;
let ran = 0;
for (let from = 0; from < cases && Date.now() < deadline; from += chunk) {
  const to = Math.min(cases, from + chunk);
  const dir = path.join(out, `chunk-${String(from).padStart(6, '0')}`);
  fs.rmSync(dir, { recursive: true, force: true });
  const input = path.join(dir, 'in');
  fs.mkdirSync(input, { recursive: true });
  const what = new Map<string, string>();
  for (let i = from; i < to; i++) {
    const c = await fuzzCase(seed, i, seeds);
    fs.writeFileSync(path.join(input, c.name), c.bytes);
    what.set(c.name, c.what);
  }
  const db = path.join(dir, 'fuzz.duckdb');
  let run = await runChunk(input, db);
  peakRssKb = Math.max(peakRssKb, run.rssKb);
  const crashed = (r: RunResult) => r.signal !== null || (r.code !== 0 && r.code !== 1);
  let keep = false;
  if (crashed(run)) {
    crashes++;
    keep = true;
    crashNotes.push(`chunk ${from}-${to - 1}: exit ${run.code ?? run.signal}\n    ${run.stderrTail.slice(-5).join('\n    ')}`);
    // Run again: the file it died on must now be recorded as failed.
    const again = await runChunk(input, db);
    peakRssKb = Math.max(peakRssKb, again.rssKb);
    for (const [k, v] of again.ms) run.ms.set(k, v);
    if (crashed(again)) crashNotes.push(`  and again on re-run: exit ${again.code ?? again.signal}`);
    run = again;
  }
  const docs = await documentRows(db);
  for (const name of what.keys()) {
    const d = docs.get(name);
    const status = d?.status ?? 'MISSING';
    if (!d) { missing++; keep = true; }
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    if (d?.error) {
      // Reasons by kind: digits and quoted details stripped.
      const kind = d.error.replace(/"[^"]*"|\([^)]*\)|\d+/g, '…').slice(0, 90);
      reasons.set(kind, (reasons.get(kind) ?? 0) + 1);
    }
    const ms = run.ms.get(name);
    if (ms !== undefined) {
      slowest.push({ name, what: what.get(name)!, ms, status });
      slowest.sort((a, b) => b.ms - a.ms);
      slowest.length = Math.min(slowest.length, 10);
    }
  }
  if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  ran = to;
  console.error(`fuzz: ${ran}/${cases} cases, ${((Date.now() - started) / 1000).toFixed(0)} s, crashes ${crashes}, missing rows ${missing}, peak RSS ${(peakRssKb / 1024).toFixed(0)} MB`);
}

const seconds = (Date.now() - started) / 1000;
console.log(`fuzz: ${ran}${ran < cases ? ` of ${cases} (time budget reached)` : ''} cases (seed ${seed}, seeds: ${seeds.map((s) => s.name).join(', ')}) in ${seconds.toFixed(0)} s`);
console.log(`  by status: ${Object.entries(byStatus).sort().map(([k, v]) => `${k} ${v}`).join(', ')}`);
console.log(`  process crashes: ${crashes}; files without a row: ${missing}`);
console.log(`  peak memory (maxRSS of one batch process): ${(peakRssKb / 1024).toFixed(0)} MB`);
console.log('  slowest files:');
for (const s of slowest) console.log(`    ${s.ms} ms  ${s.status}  ${s.name}  (${s.what})`);
console.log('  most common failure reasons:');
for (const [k, v] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`    ${v}× ${k}`);
for (const n of crashNotes) console.log(`  crash: ${n}`);
process.exitCode = crashes > 0 || missing > 0 ? 1 : 0;
