// `npm run bench`: batch throughput. Generates a corpus of distinct documents (variants of the
// samples, content varied so every hash differs), loads it with 1 and 2 parser workers, then
// re-runs with nothing changed (which must take under 5 % of the full run: hash-only skip).
// Runs scripts/bench-pdf.ts afterwards when the PDF engineer's benchmark exists.
//   options: --docs N (default 200)  --workers 1,2  --keep (keep the temp folder)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parsePipeline } from '../src/pipeline/config.ts';
import { runPipeline, type RunReport } from '../src/pipeline/runner.ts';

const { values } = parseArgs({ options: { docs: { type: 'string', default: '200' }, workers: { type: 'string', default: '1,2' }, keep: { type: 'boolean', default: false } } });
const docCount = Number(values.docs);
const workerCounts = values.workers!.split(',').map(Number);

const root = path.resolve(import.meta.dirname, '..');
const samples = fs.readdirSync(path.join(root, 'data/samples')).filter((f) => f.endsWith('.txt')).sort().map((f) => path.join(root, 'data/samples', f));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'budget-bench-'));
const input = path.join(dir, 'corpus');
fs.mkdirSync(input);
for (let i = 0; i < docCount; i++) {
  const src = samples[i % samples.length]!;
  // Trailing blank lines vary the bytes (distinct hashes) without changing what is recognized.
  const bytes = Buffer.concat([fs.readFileSync(src), Buffer.from('\n'.repeat(1 + Math.floor(i / samples.length)))]);
  fs.writeFileSync(path.join(input, `doc${String(i).padStart(5, '0')}_${path.basename(src)}`), bytes);
}
const totalBytes = fs.readdirSync(input).reduce((a, f) => a + fs.statSync(path.join(input, f)).size, 0);
console.log(`corpus: ${docCount} text disclosures (${(totalBytes / 1e6).toFixed(1)} MB, variants of ${samples.length} samples) in ${input}`);
console.log(`machine: ${os.availableParallelism()} cores, load average ${os.loadavg()[0]!.toFixed(1)} (speed-up needs idle cores), node ${process.version}\n`);

const results: { workers: number; report: RunReport }[] = [];
for (const workers of workerCounts) {
  const pipeline = parsePipeline({ name: `bench-${workers}`, sources: [input], database: path.join(dir, `w${workers}.duckdb`) }, null);
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  const cpu0 = process.cpuUsage();
  const report = await runPipeline({ pipeline, workers });
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  // CPU time of all threads over wall time: how many cores the run actually got.
  const cores = (cpu.user + cpu.system) / 1e6 / report.seconds;
  results.push({ workers, report });
  const c = report.counts;
  const st = report.stats!;
  console.log(`full run, ${workers} worker${workers === 1 ? ' ' : 's'}: ${report.seconds.toFixed(1)} s, ${(c.files / report.seconds).toFixed(2)} documents/s (${c.new} loaded, ${c.failed} failed); ` +
    `reading+hashing ${(st.hashMs / 1000).toFixed(1)} s (summed over files), writing ${(st.writeBusyMs / 1000).toFixed(1)} s (${st.writeWindows} write windows open ${(st.writeMs / 1000).toFixed(1)} s); peak RSS ${Math.round(peakRss / 1e6)} MB; CPU ${cores.toFixed(2)} cores busy on average`);
}
const last = results.at(-1)!;
const rerunPipeline = parsePipeline({ name: 'bench-rerun', sources: [input], database: path.join(dir, `w${last.workers}.duckdb`) }, null);
const rerun = await runPipeline({ pipeline: rerunPipeline, workers: last.workers });
const share = (rerun.seconds / last.report.seconds) * 100;
console.log(`re-run, nothing changed (${last.workers} workers): ${rerun.seconds.toFixed(2)} s, ${rerun.counts.unchanged}/${rerun.counts.files} skipped by hash = ${share.toFixed(1)} % of the full run ${share < 5 ? '(< 5 %: ok)' : '(NOT under 5 %)'}`);
if (results.length >= 2) {
  const [a, b] = [results[0]!, results.at(-1)!];
  console.log(`speed-up ${a.workers} → ${b.workers} workers: ×${(a.report.seconds / b.report.seconds).toFixed(2)}`);
}
if (!values.keep) fs.rmSync(dir, { recursive: true, force: true });

const pdfBench = path.join(root, 'scripts/bench-pdf.ts');
if (fs.existsSync(pdfBench)) {
  console.log('\n── scripts/bench-pdf.ts ──');
  const r = spawnSync(process.execPath, [path.join(root, 'bin/run-ts.mjs'), pdfBench], { stdio: 'inherit', cwd: root });
  if (r.status) process.exitCode = r.status;
}
