// OCR of a worse scan than the shared ones: a sample's PDF rendered at 150 dpi, tilted, with
// grey noise and JPEG artefacts (test/fixtures/scanned/make-scans.ts, made here at test time
// into a temporary folder), read back and compared with the sample's gold records. Skipped
// with a notice where the OCR packages or ../shared are missing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ocrAssets } from '../src/ocr/engine.ts';
import { processFile } from '../src/pipeline/process.ts';

const SHARED = path.resolve(import.meta.dirname, '..', '..', 'shared');
const STEM = '004_c2ed7faebcfb9906';
const PDF = path.join(SHARED, 'corpus', 'pdf', `${STEM}.pdf`);
const GOLD = path.join(SHARED, 'gold', `${STEM}.json`);
const assets = ocrAssets();
const ready = fs.existsSync(PDF) && fs.existsSync(GOLD) && !('missing' in assets);
if (!ready) console.warn(`skipped "OCR of a 150-dpi scan": ${'missing' in assets ? assets.missing : `${PDF} or its gold not found`}`);

interface GoldIndicator { level3: string | null; value_raw: string | null; weight: number | null }
interface GoldProject { name: string; indicators: GoldIndicator[] }

const clean = (s: string | null | undefined) => (s ?? '').normalize('NFKC').replace(/[\s\u3000]+/g, '');
const key = (level3: string | null, value: string | null, weight: number | null) => `${clean(level3)}|${clean(value)}|${weight ?? ''}`;

describe.skipIf(!ready)('OCR of a 150-dpi scan', () => {
  it('reads the indicator rows of a 批复表 scanned at 150 dpi, tilted and noisy, as the gold has them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'budget-scan150-'));
    try {
      // Imported here: the scan maker loads @napi-rs/canvas, which only OCR machines need.
      const { scan } = await import('./fixtures/scanned/make-scans.ts');
      const file = path.join(dir, `${STEM}.pdf`);
      fs.writeFileSync(file, await scan(fs.readFileSync(PDF), { dpi: 150, skew: 0.7, noise: 12, quality: 70, seed: 1 }));
      const started = performance.now();
      const doc = await processFile(file);
      const seconds = (performance.now() - started) / 1000;
      console.log(`${STEM} at 150 dpi: ${doc.info.ocr_pages} pages OCR'd in ${seconds.toFixed(1)} s`);
      expect(doc.info.status).toBe('ok');
      const gold = JSON.parse(fs.readFileSync(GOLD, 'utf8')) as { projects: GoldProject[] };
      const found = doc.record!.projects;
      // Every project found; its name as printed but for a character or two (a code's hyphen
      // lost at 150 dpi runs the code into the name).
      expect(found).toHaveLength(gold.projects.length);
      const names = new Set(gold.projects.map((p) => clean(p.name)));
      expect(found.filter((p) => names.has(clean(p.project_name))).length).toBeGreaterThanOrEqual(gold.projects.length - 1);
      // Indicator rows as the gold has them: 三级指标, 指标值 (symbol, value and unit) and 分值.
      const want = new Map<string, number>();
      for (const p of gold.projects) for (const i of p.indicators) {
        const k = key(i.level3, i.value_raw, i.weight);
        want.set(k, (want.get(k) ?? 0) + 1);
      }
      let exact = 0, got = 0;
      const wrong: string[] = [];
      for (const p of found) for (const i of p.indicators) {
        got++;
        const k = key(i.level3, i.value_raw, i.weight_raw === null ? null : Number(i.weight_raw));
        if ((want.get(k) ?? 0) > 0) { exact++; want.set(k, want.get(k)! - 1); } else wrong.push(k);
      }
      const goldRows = gold.projects.reduce((n, p) => n + p.indicators.length, 0);
      const f1 = (2 * exact) / (goldRows + got);
      console.log(`indicator rows: ${exact} exact of ${goldRows} (found ${got}), f1 ${f1.toFixed(3)}${wrong.length ? `; not in the gold: ${wrong.join(' · ')}` : ''}`);
      expect(got).toBe(goldRows);
      expect(f1).toBeGreaterThanOrEqual(0.9);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
