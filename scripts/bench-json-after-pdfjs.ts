// JSON.stringify speed before and after pdf.js is loaded through src/extract/pdf/load.ts
// (issue #14 item 2: the legacy build's polyfills used to replace it process-wide).
import { pdfjs } from '../src/extract/pdf/load.ts';

const sample = { a: [1, 2, 3], b: 'x'.repeat(50), c: { d: 1.5, e: null } };
function time(label: string): void {
  const t = performance.now();
  for (let i = 0; i < 200_000; i++) JSON.stringify(sample);
  console.log(`${label}: ${(performance.now() - t).toFixed(0)} ms for 200k JSON.stringify`);
}
time('before pdf.js');
await pdfjs();
time('after pdf.js');
