// Writes the layout-variant fixtures of test/fixtures/variants/ (see its README.md):
//   html/ID.html      the variant as HTML (what LibreOffice reads)
//   expected/ID.json  its expected records, from the same data
//   docx/ID.docx, pdf/ID.pdf   rendered by LibreOffice, when `soffice` is installed
//
//   node bin/run-ts.mjs scripts/gen-variants.ts [--render all|changed|none] [--only v01,v02] [--xlsx]
//
// --xlsx also writes xlsx/ID.xlsx (Calc's HTML import keeps the merged cells); not part of the
// test yet: there is no spreadsheet reader on this branch.
//
// Rendering goes HTML → DOCX (Writer's HTML import, so @page size and orientation hold) → PDF,
// many files per soffice call. `changed` (the default) re-renders only variants whose HTML
// differs from the one recorded in rendered.json, so unchanged binaries stay as committed.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LAYOUTS } from './variants/layouts.ts';
import { render } from './variants/render.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
export const VARIANTS_DIR = path.join(ROOT, 'test', 'fixtures', 'variants');

const args = process.argv.slice(2);
const opt = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const mode = (opt('--render') ?? 'changed') as 'all' | 'changed' | 'none';
const only = opt('--only')?.split(',');
const xlsx = args.includes('--xlsx');

const dirs = Object.fromEntries(['html', 'expected', 'docx', 'pdf', ...(xlsx ? ['xlsx'] : [])].map((d) => [d, path.join(VARIANTS_DIR, d)]));
for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
const manifestPath = path.join(VARIANTS_DIR, 'rendered.json');
const manifest: Record<string, string> = fs.existsSync(manifestPath) ? JSON.parse(fs.readFileSync(manifestPath, 'utf8')) : {};
const sha = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);

const ids = new Set<string>();
const toRender: string[] = [];
const toXlsx: string[] = [];
for (const layout of LAYOUTS) {
  if (ids.has(layout.id)) throw new Error(`duplicate variant id ${layout.id}`);
  ids.add(layout.id);
  if (only && !only.some((o) => layout.id.startsWith(o))) continue;
  const { html, expected } = render(layout);
  fs.writeFileSync(path.join(dirs.html!, `${layout.id}.html`), html);
  fs.writeFileSync(path.join(dirs.expected!, `${layout.id}.json`), `${JSON.stringify(expected, null, 1)}\n`);
  const missing = !['docx', 'pdf'].every((f) => fs.existsSync(path.join(dirs[f]!, `${layout.id}.${f}`)));
  const changed = mode === 'all' || (mode === 'changed' && (manifest[layout.id] !== sha(html) || missing));
  if (changed) toRender.push(layout.id);
  if (xlsx && mode !== 'none' && (changed || !fs.existsSync(path.join(dirs.xlsx!, `${layout.id}.xlsx`)))) toXlsx.push(layout.id);
}
// Variants no longer defined: remove their files.
for (const [d, ext] of [['html', 'html'], ['expected', 'json'], ['docx', 'docx'], ['pdf', 'pdf'], ...(xlsx ? [['xlsx', 'xlsx']] : [])] as const) {
  for (const f of fs.readdirSync(dirs[d]!)) if (f.endsWith(`.${ext}`) && !ids.has(f.slice(0, -ext.length - 1))) fs.rmSync(path.join(dirs[d]!, f));
}
for (const id of Object.keys(manifest)) if (!ids.has(id)) delete manifest[id];
console.log(`${ids.size} variants written (html + expected)`);

function soffice(): string | null {
  const r = spawnSync('soffice', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? 'soffice' : null;
}

if ((toRender.length || toXlsx.length) && mode !== 'none') {
  const bin = soffice();
  if (!bin) {
    console.log(`soffice not found: ${toRender.length} variants not rendered (the committed DOCX/PDF stay)`);
  } else {
    // A private profile: several LibreOffice instances on one machine must not share one.
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'variants-lo-'));
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'variants-out-'));
    const lo = (...a: string[]) => execFileSync(bin, [`-env:UserInstallation=file://${profile}`, '--headless', ...a], { stdio: 'pipe', timeout: 600_000 });
    try {
      if (toRender.length) {
        lo('--infilter=HTML (StarWriter)', '--convert-to', 'docx:MS Word 2007 XML', '--outdir', tmp, ...toRender.map((id) => path.join(dirs.html!, `${id}.html`)));
        lo('--convert-to', 'pdf', '--outdir', tmp, ...toRender.map((id) => path.join(tmp, `${id}.docx`)));
      }
      if (toXlsx.length) lo('--infilter=HTML (StarCalc)', '--convert-to', 'xlsx', '--outdir', tmp, ...toXlsx.map((id) => path.join(dirs.html!, `${id}.html`)));
      const copy = (id: string, ext: string) => {
        const out = path.join(tmp, `${id}.${ext}`);
        if (!fs.existsSync(out)) throw new Error(`LibreOffice did not write ${id}.${ext}`);
        fs.copyFileSync(out, path.join(dirs[ext]!, `${id}.${ext}`));
      };
      for (const id of toXlsx) copy(id, 'xlsx');
      for (const id of toRender) {
        for (const ext of ['docx', 'pdf']) copy(id, ext);
        manifest[id] = sha(fs.readFileSync(path.join(dirs.html!, `${id}.html`), 'utf8'));
      }
      console.log(`rendered ${toRender.length} variants to DOCX and PDF${xlsx ? `, ${toXlsx.length} to XLSX` : ''}`);
    } finally {
      fs.rmSync(profile, { recursive: true, force: true });
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
}
fs.writeFileSync(manifestPath, `${JSON.stringify(Object.fromEntries(Object.entries(manifest).sort()), null, 1)}\n`);
