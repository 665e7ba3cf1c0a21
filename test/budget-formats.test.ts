// Sample 003 as text, DOCX and PDF: every budget table printed in a format is found in it, with the
// same rows and amounts as in the other formats. (The DOCX and PDF renditions of 003 print only the
// four main tables; the text version also prints the five supplementary ones.)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { extractorFor, sniffFormat } from '../src/extract/index.ts';
import { squash, textOf } from '../src/ir/text.ts';
import { processBytes } from '../src/pipeline/process.ts';
import type { NormBudgetTable, ProcessedDocument } from '../src/records.ts';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'budget');
const SAMPLE = '003_c128c7645c42ae13';
const FORMATS = ['txt', 'docx', 'pdf'] as const;
type Fmt = typeof FORMATS[number];

interface Loaded { doc: ProcessedDocument; text: string }

const cache = new Map<Fmt, Promise<Loaded>>();
function load(fmt: Fmt): Promise<Loaded> {
  if (!cache.has(fmt)) {
    cache.set(fmt, (async () => {
      const p = path.join(dir, `${SAMPLE}.${fmt}`);
      const bytes = new Uint8Array(fs.readFileSync(p));
      const doc = await processBytes(p, bytes);
      // The document's own text, to tell a table the format does not print from one we missed.
      const extracted = await (await extractorFor(sniffFormat(bytes, p)))({ path: p, bytes }, new VFile({ path: p }));
      return { doc, text: squash(textOf(extracted.tree)) };
    })());
  }
  return cache.get(fmt)!;
}

const tablesOf = (d: ProcessedDocument): NormBudgetTable[] => d.record?.budget_tables ?? [];

/**
 * What must agree across formats: name, title, role, emptiness, and every row with its amounts in
 * the columns both renditions print (the text version's 收入总表 also prints 小计, 事业收入 …).
 */
function summary(t: NormBudgetTable, keys: string[]) {
  return {
    name: t.table_name, title: t.title, main: t.main, empty: t.empty, unit: t.unit_raw,
    lines: t.lines.map((l) => [l.code, l.name, Object.fromEntries(keys.map((k) => [k, l.amounts_wan[k]]))]),
  };
}

const columnKeys = (t: NormBudgetTable) => t.columns.map((c) => c.key);

function amount(d: ProcessedDocument, table: string, code: string, key: string): number | null | undefined {
  const t = tablesOf(d).find((x) => x.table_name === table);
  return t?.lines.find((l) => l.code === code || (!l.code && l.name === code))?.amounts_wan[key];
}

describe('sample 003 budget tables across txt, docx and pdf', () => {
  it('each format finds every table whose title it prints, and no other', async () => {
    const all = await Promise.all(FORMATS.map(load));
    // The union of titles found in any format.
    const titles = [...new Set(all.flatMap((l) => tablesOf(l.doc).map((t) => t.title)))];
    expect(titles.length).toBeGreaterThanOrEqual(9);
    for (const [i, fmt] of FORMATS.entries()) {
      const { doc, text } = all[i]!;
      const found = tablesOf(doc).map((t) => t.title);
      const printed = titles.filter((t) => text.includes(t));
      expect({ fmt, found: [...found].sort() }).toEqual({ fmt, found: [...printed].sort() });
    }
  }, 240_000);

  it('a table found in several formats has the same rows and amounts in each', async () => {
    const all = await Promise.all(FORMATS.map(load));
    const byTitle = new Map<string, { fmt: Fmt; t: NormBudgetTable }[]>();
    FORMATS.forEach((fmt, i) => tablesOf(all[i]!.doc).forEach((t) => {
      byTitle.set(t.title, [...(byTitle.get(t.title) ?? []), { fmt, t }]);
    }));
    // The four main tables are printed in every format.
    const everywhere = [...byTitle.values()].filter((v) => v.length === FORMATS.length).map((v) => v[0]!.t.table_name);
    expect(everywhere.sort()).toEqual(['基本支出表', '支出总表', '收入总表', '三公经费表'].sort());
    for (const found of byTitle.values()) {
      const [first, ...rest] = found;
      for (const other of rest) {
        const keys = columnKeys(first!.t).filter((k) => columnKeys(other.t).includes(k));
        // At least 合计 and one more column in common for a table with amounts columns.
        if (!first!.t.empty) expect(keys.length, `${other.fmt} ${other.t.title}`).toBeGreaterThanOrEqual(Math.min(2, columnKeys(first!.t).length, columnKeys(other.t).length));
        expect({ fmt: other.fmt, ...summary(other.t, keys) }).toEqual({ fmt: other.fmt, ...summary(first!.t, keys) });
      }
    }
    // Row counts of the main tables as printed (序号 1…n).
    for (const { doc } of all) {
      expect(['收入总表', '支出总表', '基本支出表', '三公经费表'].map((n) => tablesOf(doc).find((t) => t.table_name === n && t.main)?.lines.length))
        .toEqual([43, 43, 35, 10]);
    }
  }, 240_000);

  it('reads the printed amounts in every format', async () => {
    for (const fmt of FORMATS) {
      const { doc } = await load(fmt);
      // 收入总表 2080702 职业培训补贴: 合计 4400.00, only 上年结转 4400.00.
      expect(amount(doc, '收入总表', '2080702', 'total_wan')).toBe(4400);
      expect(amount(doc, '收入总表', '2080702', 'carryover_wan')).toBe(4400);
      // 支出总表 2080101 行政运行: 2838.58 = 2669.58 基本 + 169.00 项目.
      expect(amount(doc, '支出总表', '2080101', 'basic_wan')).toBe(2669.58);
      expect(amount(doc, '支出总表', '2080101', 'project_wan')).toBe(169);
      // 基本支出表 30302 退休费 2145.95 (人员经费).
      expect(amount(doc, '基本支出表', '30302', 'total_wan')).toBe(2145.95);
      // 三公经费表 公务接待费 10.47.
      expect(amount(doc, '三公经费表', '公务接待费', 'total_wan')).toBe(10.47);
    }
  }, 240_000);

  it('the text version also gives the supplementary tables it prints', async () => {
    const { doc } = await load('txt');
    const supp = tablesOf(doc).filter((t) => !t.main).map((t) => [t.table_name, t.lines.length]);
    expect(supp).toEqual([['收支总表', 42], ['财政拨款收支总表', 39], ['一般公共预算支出表', 43], ['政府性基金支出表', 0], ['国有资本经营支出表', 0]]);
  }, 240_000);
});
