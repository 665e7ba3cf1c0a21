// PDF extractor throughput: pages per second of extractPdf (text, rules, tables, stitching)
// next to pdf.js's bare getTextContent on the same files. The ratio is the figure to watch.
// Usage: node bin/run-ts.mjs scripts/bench-pdf.ts [FILES_OR_DIRS…] [--rounds N]
// Default files: the readable PDFs in test/fixtures/pdf/. Prints numbers; asserts nothing.
import fs from 'node:fs';
import path from 'node:path';
import { VFile } from 'vfile';
import { extractPdf } from '../src/extract/pdf/index.ts';
import { pdfjs } from '../src/extract/pdf/load.ts';

const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Math.max(1, Number(args.splice(roundsAt, 2)[1]) || 1) : 2;
const UNREADABLE = /^(encrypted|truncated|scanned)\.pdf$/;

function pdfFiles(inputs: string[]): string[] {
  return inputs.flatMap((p) => fs.statSync(p).isDirectory()
    ? fs.readdirSync(p).filter((f) => f.toLowerCase().endsWith('.pdf')).sort().map((f) => path.join(p, f))
    : [p]);
}

const files = args.length ? pdfFiles(args)
  : pdfFiles([path.join(import.meta.dirname, '../test/fixtures/pdf')]).filter((f) => !UNREADABLE.test(path.basename(f)));
const data = files.map((f) => ({ name: path.basename(f), bytes: new Uint8Array(fs.readFileSync(f)) }));
const lib = await pdfjs();
const pkg = path.dirname(new URL(import.meta.resolve('pdfjs-dist/package.json')).pathname);

async function bareText(bytes: Uint8Array): Promise<number> {
  const doc = await lib.getDocument({
    data: new Uint8Array(bytes), cMapUrl: `${pkg}/cmaps/`, cMapPacked: true, standardFontDataUrl: `${pkg}/standard_fonts/`,
    verbosity: lib.VerbosityLevel.ERRORS,
  }).promise;
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    await page.getTextContent();
    page.cleanup();
  }
  const pages = doc.numPages;
  await doc.destroy();
  return pages;
}

async function extractor(name: string, bytes: Uint8Array): Promise<number> {
  return (await extractPdf({ path: name, bytes }, new VFile({ path: name }))).pages ?? 0;
}

// Warm-up: module loading, CMap and font caches.
for (const d of data.slice(0, 1)) { await bareText(d.bytes); await extractor(d.name, d.bytes); }

const rows: { name: string; pages: number; bare: number; ours: number }[] = [];
for (const d of data) {
  let pages = 0, bare = 0, ours = 0;
  for (let r = 0; r < rounds; r++) {
    let t = performance.now();
    pages = await bareText(d.bytes);
    bare += performance.now() - t;
    t = performance.now();
    await extractor(d.name, d.bytes);
    ours += performance.now() - t;
  }
  rows.push({ name: d.name, pages, bare: bare / rounds, ours: ours / rounds });
}

const pps = (pages: number, ms: number) => (ms > 0 ? (pages * 1000) / ms : 0);
console.log(`PDF extractor vs pdf.js getTextContent (${rounds} round(s) each, ms per document)`);
console.log(['file'.padEnd(44), 'pages', 'bare ms', 'ours ms', 'bare p/s', 'ours p/s', 'ratio'].join('\t'));
for (const r of rows) {
  console.log([r.name.padEnd(44), r.pages, r.bare.toFixed(0), r.ours.toFixed(0), pps(r.pages, r.bare).toFixed(1), pps(r.pages, r.ours).toFixed(1), (r.ours / r.bare).toFixed(2)].join('\t'));
}
const pages = rows.reduce((s, r) => s + r.pages, 0);
const bare = rows.reduce((s, r) => s + r.bare, 0);
const ours = rows.reduce((s, r) => s + r.ours, 0);
console.log(['total'.padEnd(44), pages, bare.toFixed(0), ours.toFixed(0), pps(pages, bare).toFixed(1), pps(pages, ours).toFixed(1), (ours / bare).toFixed(2)].join('\t'));
console.log(`extractor: ${pps(pages, ours).toFixed(1)} pages/s; bare getTextContent: ${pps(pages, bare).toFixed(1)} pages/s; extractor takes ${(ours / bare).toFixed(2)}x the time`);
const mem = process.memoryUsage();
console.log(`memory: rss ${(mem.rss / 2 ** 20).toFixed(0)} MB, heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MB`);
