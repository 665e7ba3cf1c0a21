// The yardstick of `npm run bench`: pdf.js alone, in plain Node, reading the text of every page
// (getTextContent) of the PDFs given, one after another; prints the pages read as JSON.
//   node scripts/bench-bare-pdfjs.mjs FILE.pdf…
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const pkg = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const lib = await import(pathToFileURL(path.join(pkg, 'legacy/build/pdf.mjs')).href);
let pages = 0;
for (const f of process.argv.slice(2)) {
  const doc = await lib.getDocument({
    data: new Uint8Array(fs.readFileSync(f)), cMapUrl: `${pkg}/cmaps/`, cMapPacked: true, standardFontDataUrl: `${pkg}/standard_fonts/`,
    useSystemFonts: false, disableFontFace: true, isEvalSupported: false, verbosity: lib.VerbosityLevel.ERRORS,
  }).promise;
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    await page.getTextContent();
    page.cleanup();
  }
  pages += doc.numPages;
  await doc.destroy();
}
console.log(JSON.stringify({ pages }));
