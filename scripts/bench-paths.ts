// Where the ruling lines cost: CPU of pdf.js getTextContent (the yardstick), of getOperatorList
// (the old way to the rules), and of the light path pass (src/extract/pdf/path-scan.ts: its file
// parse plus every page), over the same PDFs, in one process, each phase on its own documents
// opened afresh (font and image caches are per document).
//   node bin/run-ts.mjs scripts/bench-paths.ts [FILE.pdf…]   (default: ../shared/corpus/real/*.pdf)
import fs from 'node:fs';
import path from 'node:path';
import { openPdf } from '../src/extract/pdf/load.ts';
import { openPathScanner } from '../src/extract/pdf/path-scan.ts';

const root = path.resolve(import.meta.dirname, '..');
const realDir = path.resolve(root, '../shared/corpus/real');
const files = process.argv.slice(2).length ? process.argv.slice(2)
  : fs.existsSync(realDir) ? fs.readdirSync(realDir).filter((f) => f.endsWith('.pdf')).sort().map((f) => path.join(realDir, f)) : [];
if (files.length === 0) { console.log('no PDFs given and ../shared/corpus/real not found'); process.exit(0); }

const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
type Phase = 'text' | 'text+oplist' | 'text+light';
const totals: Record<Phase, number> = { text: 0, 'text+oplist': 0, 'text+light': 0 };
let pages = 0, lightPages = 0;
const run = async (phase: Phase) => {
  for (const f of files) {
    const bytes = new Uint8Array(fs.readFileSync(f));
    const c0 = cpu();
    const { lib, doc } = await openPdf(bytes);
    const OPS = lib.OPS as unknown as Record<string, number>;
    const scanner = phase === 'text+light' ? openPathScanner(bytes, OPS, doc.numPages) : null;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      await page.getTextContent();
      if (phase === 'text+oplist') await page.getOperatorList();
      if (phase === 'text+light') {
        try { scanner!.operatorList(n - 1); lightPages++; } catch { await page.getOperatorList(); }
      }
      if (phase === 'text') pages++;
      page.cleanup();
    }
    await doc.destroy();
    totals[phase] += cpu() - c0;
  }
};
await run('text'); // warm-up (module load, JIT)
totals.text = 0; pages = 0;
for (let i = 0; i < 2; i++) for (const p of ['text', 'text+oplist', 'text+light'] as Phase[]) await run(p);
const t = totals.text;
console.log(`${files.length} PDFs, ${pages / 2} pages, CPU over 2 rounds each:`);
console.log(`  getTextContent alone:            ${(t / 2).toFixed(0)} ms`);
console.log(`  + getOperatorList:               ${(totals['text+oplist'] / 2).toFixed(0)} ms  (paths cost ×${((totals['text+oplist'] - t) / t).toFixed(2)} of text)`);
console.log(`  + light path pass (+ fallbacks): ${(totals['text+light'] / 2).toFixed(0)} ms  (paths cost ×${((totals['text+light'] - t) / t).toFixed(2)} of text; ${lightPages / 2} of ${pages / 2} pages light)`);
