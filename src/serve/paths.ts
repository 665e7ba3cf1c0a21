// Where the explorer's files are at run time: the package root (found by walking up to our own
// package.json, so it holds whether this module runs from src/ under tsx or compiled to dist/),
// the pages in web/explorer/, and the browser builds of the chart library and pdf.js from
// node_modules. The page loads nothing from the network.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        if ((JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'budget-ingest') return dir;
      } catch { /* not ours: keep walking */ }
    }
    if (path.dirname(dir) === dir) throw new Error(`cannot find the budget-ingest package root above ${from}`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));

/** The explorer's own pages, scripts and styles. */
export const WEB_DIR = path.join(PACKAGE_ROOT, 'web', 'explorer');

/** Folder of an installed dependency (resolved as Node would from the package root). */
export function dependencyDir(name: string): string {
  const require = createRequire(path.join(PACKAGE_ROOT, 'package.json'));
  let dir = path.dirname(require.resolve(name));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === name) return dir;
    if (path.dirname(dir) === dir) throw new Error(`cannot find the folder of ${name}`);
    dir = path.dirname(dir);
  }
}

/**
 * Files of dependencies the page may load, by URL under /vendor/: a fixed list (and, for pdf.js,
 * its CMap and standard-font folders, names checked), never a path taken from the request.
 */
export function vendorFile(urlPath: string): string | null {
  const fixed: Record<string, [string, string]> = {
    'echarts.min.js': ['echarts', 'dist/echarts.min.js'],
    'pdf.min.mjs': ['pdfjs-dist', 'build/pdf.min.mjs'],
    'pdf.worker.min.mjs': ['pdfjs-dist', 'build/pdf.worker.min.mjs'],
  };
  const hit = fixed[urlPath];
  if (hit) return path.join(dependencyDir(hit[0]), hit[1]);
  // CJK text in PDFs needs pdf.js's CMaps; fonts not embedded need its standard fonts.
  const m = /^(cmaps|standard_fonts)\/([A-Za-z0-9_.-]+)$/.exec(urlPath);
  if (m && !m[2]!.startsWith('.')) return path.join(dependencyDir('pdfjs-dist'), m[1]!, m[2]!);
  return null;
}
