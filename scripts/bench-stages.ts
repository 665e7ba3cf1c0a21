// One document through the stages many times: ms per document for the whole of processBytes,
// and what each zod check at a stage boundary costs on its own (the raw and normalized records).
//   node bin/run-ts.mjs scripts/bench-stages.ts [FILE] [--runs N]   (default: sample 003, 30 runs)
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { VFile } from 'vfile';
import { extractorFor, sniffFormat } from '../src/extract/index.ts';
import { processBytes } from '../src/pipeline/process.ts';
import { recognize } from '../src/recognize/index.ts';
import { NormalizedDocumentSchema, RawDocumentSchema } from '../src/records.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string', default: '30' } } });
const root = path.resolve(import.meta.dirname, '..');
const file = positionals[0] ?? path.join(root, 'data/samples/003_c128c7645c42ae13.txt');
const runs = Number(values.runs);
const bytes = new Uint8Array(fs.readFileSync(file));

function timed(n: number, fn: () => unknown): { median: number; mean: number } {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(n / 2)]!, mean: ms.reduce((a, b) => a + b, 0) / n };
}
const fmt = (r: { median: number; mean: number }) => `median ${r.median.toFixed(2)} ms, mean ${r.mean.toFixed(2)} ms`;

// Warm up (module loading, JIT) before timing; a failed document would time the failure path.
for (let i = 0; i < 3; i++) {
  const done = await processBytes(file, bytes);
  if (done.info.status === 'failed') throw new Error(`${file}: ${done.info.failed_stage}: ${done.info.error}`);
}
// Wall time and this process's CPU time (less sensitive to other processes on a shared machine).
const whole: number[] = [];
const cpu: number[] = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await processBytes(file, bytes);
  const c = process.cpuUsage(c0);
  whole.push(performance.now() - t0);
  cpu.push((c.user + c.system) / 1000);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`${path.basename(file)}: processBytes ×${runs}: wall median ${median(whole).toFixed(1)} ms, CPU median ${median(cpu).toFixed(1)} ms per document`);

const extracted = await (await extractorFor(sniffFormat(bytes, file)))({ path: file, bytes }, new VFile({ path: file }));
const raw = recognize(extracted.tree, new VFile({ path: file }));
const record = (await processBytes(file, bytes)).record!;
console.log(`  one RawDocumentSchema.parse: ${fmt(timed(runs, () => RawDocumentSchema.parse(raw)))}`);
console.log(`  one NormalizedDocumentSchema.parse: ${fmt(timed(runs, () => NormalizedDocumentSchema.parse(record)))}`);
