// Named queries, views, Parquet export and the HTML report on a database built from the five
// sample disclosures (DOCX) plus one truncated PDF, through the real pipeline. Expected values are
// the ones printed in the documents (quoted in the comments).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/load/database.ts';
import { documentTables } from '../src/load/tables.ts';
import { exportParquet, hivePathValue, PARTITION_COLUMNS, readExportedSql } from '../src/query/export.ts';
import { listNamedQueries, resolveQuery } from '../src/query/named.ts';
import { openForReading } from '../src/query/open.ts';
import { buildReport } from '../src/query/report.ts';
import { runQuery } from '../src/query/run.ts';
import { views } from '../src/query/views.ts';
import { buildSampleDatabase, FIXTURE_DIR } from './fixtures/query/build-db.ts';
import { chromiumTestsRun, findChromium, locateChromium, runChromium } from './fixtures/query/chromium.ts';
import { countColor, readPng } from './fixtures/query/png.ts';

let tmp: string;
let dbPath: string;
let db: Database;

type Obj = Record<string, unknown>;

async function named(name: string, params: Record<string, string> = {}): Promise<Obj[]> {
  const q = resolveQuery(name, params);
  const r = await runQuery(db, q.sql, q.params);
  return r.rows.map((row) => Object.fromEntries(r.columns.map((c, k) => [c, typeof row[k] === 'bigint' ? Number(row[k]) : row[k]])));
}

async function sql(text: string): Promise<Obj[]> {
  const r = await runQuery(db, text);
  return r.rows.map((row) => Object.fromEntries(r.columns.map((c, k) => [c, typeof row[k] === 'bigint' ? Number(row[k]) : row[k]])));
}

const nfkc = (s: string) => s.normalize('NFKC');

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'query-data-'));
  dbPath = path.join(tmp, 'samples.duckdb');
  await buildSampleDatabase(dbPath);
  db = await openForReading(dbPath);
}, 180_000);

afterAll(() => {
  db?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('named queries', () => {
  it('every file in queries/ says what it answers and runs', async () => {
    const qs = listNamedQueries();
    expect(qs.map((q) => q.name)).toEqual(expect.arrayContaining([
      'indicators-by-level2', 'satisfaction-by-county', 'unit-cost-targets', 'project-family', 'spending-by-function', 'messages-by-document',
    ]));
    for (const q of qs) {
      expect(q.title.length, q.name).toBeGreaterThan(20);
      const rows = await named(q.name);
      // The samples hold no self-evaluation: queries over them run here and are checked on the
      // generated self-evaluation fixtures (test/self-evaluation.test.ts, test/plan-vs-outcome.test.ts).
      if (/\bFROM (target_vs_actual|project_execution)\b/.test(q.sql)) continue;
      // The samples hold no 决算: queries over budget_vs_final run here and return their rows in
      // test/final-accounts.test.ts, on a generated budget with its 决算.
      if (/\bbudget_vs_final\b/.test(q.sql)) continue;
      expect(rows.length, q.name).toBeGreaterThan(0);
    }
  });

  it('indicators-by-level2 counts the 湟源县 2024 批复表 indicators by type', async () => {
    const rows = await named('indicators-by-level2');
    const qinghai = rows.filter((r) => r.province === '青海省' && r.fiscal_year === 2024);
    // Each of the 8 projects prints one to three 服务对象满意度 rows, 10 in all, every one a number ("≥ 99 %").
    expect(qinghai.find((r) => r.level2 === '服务对象满意度指标')).toMatchObject({ level1: '满意度指标', indicators: 10, normalized: 10, documents: 1, projects: 8 });
    // 数量指标: 1+1+1+1 (projects 1-4), 3 (档案邮寄份数, 宽带网络支出, 金保专线维护), 3, 2, 5 = 17.
    expect(qinghai.find((r) => r.level2 === '数量指标')).toMatchObject({ level1: '产出指标', indicators: 17, projects: 8 });
    // Only the Qinghai document is from 2024.
    expect(rows.filter((r) => r.fiscal_year === 2024).every((r) => r.province === '青海省')).toBe(true);
  });

  it('satisfaction-by-county lists each county\'s targets as printed and as numbers', async () => {
    const rows = await named('satisfaction-by-county');
    const huangyuan = rows.filter((r) => r.county === '湟源县').map((r) => [r.level3, r.op, r.value, r.unit]);
    expect(huangyuan).toEqual([
      ['享受公益性岗位社保补贴人员满意度', '=', 100, '%'],
      ['享受公益性岗位人员满意度', '>=', 99, '%'],
      ['享受补贴乡镇、村满意度', '>=', 99, '%'],
      ['享受物业服务的单位满意度', '>=', 85, '%'],
      ['享受档案邮寄服务对象满意度', '>=', 90, '%'],
      ['就业扶持政策服务满意度', '>=', 90, '%'],
      ['公共就业服务满意度', '>=', 85, '%'],
      ['公共就业服务满意度', '>=', 95, '%'],
      ['就业扶持政策经办服务满意度', '>=', 95, '%'],
      ['享受就业政策人员满意度', '>=', 95, '%'],
    ]);
    expect(rows.filter((r) => r.county === '湟源县').every((r) => r.province === '青海省' && r.city === '西宁市' && r.fiscal_year === 2024)).toBe(true);
    // 沧县, 2022年服务外包劳务费: "服务对象满意度 … ≥95百分比".
    expect(rows).toContainEqual(expect.objectContaining({
      county: '沧县', project_name: '2022年服务外包劳务费', level3: '服务对象满意度', value_raw: '≥95百分比', op: '>=', value: 95, unit: '%',
    }));
    // 石家庄市 publishes as a city department: no county, grouped under the city. "使用人员满意度（%） … >90%".
    expect(rows).toContainEqual(expect.objectContaining({
      county: null, place: '石家庄市', project_name: '办公设备购置专项经费', level3: nfkc('使用人员满意度（%）'), op: '>', value: 90, unit: '%',
    }));
    // Sorted by province, then place.
    const places = rows.map((r) => `${r.province}|${r.place}`);
    expect(places).toEqual([...places].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('unit-cost-targets also finds costs per person or per month (元/人, 元/人/月)', async () => {
    const all = await named('unit-cost-targets');
    const key = (r: Obj) => [r.place, r.level3, r.op, r.value, r.unit];
    // 石家庄市 "代理服务费用 ≤60 元/人/月", "执法制服服装费用标准 ≤3862 元/人", "审计用人单位费用标准 ≤5000 元/户".
    expect(all.map(key)).toContainEqual(['石家庄市', '代理服务费用', '<=', 60, '元/人/月']);
    expect(all.map(key)).toContainEqual(['石家庄市', '执法制服服装费用标准', '<=', 3862, '元/人']);
    expect(all.map(key)).toContainEqual(['石家庄市', '审计用人单位费用标准', '<=', 5000, '元/户']);
    expect(all.every((r) => r.unit === '元' || String(r.unit).startsWith('元/'))).toBe(true);
  });

  it('unit-cost-targets finds per-person costs in 元 across places, 万元 converted', async () => {
    const all = await named('unit-cost-targets');
    const key = (r: Obj) => [r.place, r.level3, r.op, r.value, r.unit];
    // 沧县 "职业培训补贴人均标准 1240元"; "贷款人员人均贴息金额 ≥0.13万元" → 1300 元.
    expect(all.map(key)).toContainEqual(['沧县', '培训补贴标准', '=', 1240, '元']);
    expect(all.map(key)).toContainEqual(['沧县', '人均贴息金额', '>=', 1300, '元']);
    // 石家庄市 "参加培训人均成本 ≤450 元".
    expect(all.map(key)).toContainEqual(['石家庄市', '参加培训人均成本', '<=', 450, '元']);
    // Whole-project budget caps ("项目实际支出是否控制在预算内 ≤70 万元") are not per-person costs.
    expect(all.some((r) => r.level3 === '项目预算控制')).toBe(false);
    expect(all.every((r) => typeof r.value === 'number')).toBe(true);
    // Narrowed to one project family: only the projects whose name contains it.
    const family = await named('unit-cost-targets', { project: '就业补助资金' });
    expect(family.length).toBeGreaterThan(0);
    expect(family.every((r) => String(r.project_name).includes('就业补助资金'))).toBe(true);
    expect(family.map(key)).toContainEqual(['沧县', '培训补贴标准', '=', 1240, '元']);
  });

  it('project-family gives the budgets of one family across counties and years', async () => {
    const rows = await named('project-family');
    const budgets = (place: string) => rows.filter((r) => r.place === place).map((r) => r.budget_wan);
    // 湟源县 2024: 就业补助资金 738.00, 2023年就业补助资金 173.86, 就业补助资金（上级专项资金) 106.10.
    expect(budgets('湟源县')).toEqual([738, 173.86, 106.1]);
    expect(rows.find((r) => r.place === '湟源县')?.family_total_wan).toBeCloseTo(1017.96, 2);
    // 魏县 2021: 中央就业补助资金 850, 省级就业补助资金 503.
    expect(budgets('魏县')).toEqual([850, 503]);
    expect(rows.find((r) => r.place === '魏县')).toMatchObject({ fiscal_year: 2021, family_total_wan: 1353 });
    // 沧县 2022: "2022中央就业补助资金742万元".
    expect(rows.find((r) => r.place === '沧县')).toMatchObject({ fiscal_year: 2022, budget_wan: 742 });
    expect(rows.map((r) => r.fiscal_year)).toEqual([...rows.map((r) => r.fiscal_year)].sort());
    // Another family: 沧县's two 创业担保贷款贴息 projects, 13 and 86.41 万元.
    const loans = await named('project-family', { family: '创业担保贷款贴息' });
    expect(loans.filter((r) => r.place === '沧县').map((r) => r.budget_wan).sort((a, b) => Number(a) - Number(b))).toEqual([13, 86.41]);
  });

  it('spending-by-function reads the 支出总表 by functional classification code', async () => {
    const rows = await named('spending-by-function');
    // 石家庄市 部门预算支出总表: "2080101 行政运行 2838.58 2669.58 169.00", "208 社会保障和就业支出 68991.58 9268.68 59722.90".
    expect(rows.find((r) => r.code === '2080101')).toMatchObject({
      code_level: '项', name: '行政运行', place: '石家庄市', fiscal_year: 2023, total_wan: 2838.58, basic_wan: 2669.58, project_wan: 169,
    });
    expect(rows.find((r) => r.code === '208')).toMatchObject({ code_level: '类', name: '社会保障和就业支出', total_wan: 68991.58, basic_wan: 9268.68, project_wan: 59722.9 });
    expect(rows.find((r) => r.code === '20801')).toMatchObject({ code_level: '款', total_wan: 15937.46 });
    // The 合计 row has no code and economic codes (301…) are not functional ones.
    expect(rows.every((r) => /^2\d{2}(\d{2}){0,2}$/.test(String(r.code)))).toBe(true);
    expect(await named('spending-by-function', { table: 'no such table' })).toEqual([]);
  });

  it('messages-by-document ranks the document that failed above the clean ones', async () => {
    const rows = await named('messages-by-document');
    expect(rows).toHaveLength(6);
    const k = rows.findIndex((r) => r.source_name === 'truncated.pdf');
    const truncated = rows[k]!;
    expect(truncated).toMatchObject({ status: 'failed', format: 'pdf' });
    expect(Number(truncated.errors)).toBeGreaterThanOrEqual(1);
    expect(String(truncated.top_rules)).toContain('document-failed');
    expect(String(truncated.error)).toMatch(/corrupt or truncated PDF/);
    // Worst first: errors never increase down the list, so every error-free document comes after it.
    const errors = rows.map((r) => Number(r.errors));
    expect(errors).toEqual([...errors].sort((a, b) => b - a));
    expect(rows.slice(0, k).every((r) => Number(r.errors) >= Number(truncated.errors))).toBe(true);
    for (const r of rows) expect(Number(r.messages)).toBe(Number(r.errors) + Number(r.warnings) + Number(r.infos));
  });

  it('rejects an unknown parameter by naming the ones the query takes', () => {
    expect(() => resolveQuery('project-family', { famly: 'x' })).toThrow(/no parameter "famly" \(parameters: family\)/);
    expect(() => resolveQuery('no-such-query')).toThrow(/named queries: .*satisfaction-by-county/);
  });
});

describe('spending-by-function on the text disclosure (supplementary tables)', () => {
  let textDb: Database;
  beforeAll(async () => {
    const file = path.join(tmp, 'text.duckdb');
    await buildSampleDatabase(file, [path.join(FIXTURE_DIR, 'text', '003_c128c7645c42ae13.txt')]);
    textDb = await openForReading(file);
  }, 120_000);
  afterAll(() => textDb?.close());

  async function run(params: Record<string, string>): Promise<Obj[]> {
    const q = resolveQuery('spending-by-function', params);
    const r = await runQuery(textDb, q.sql, q.params);
    return r.rows.map((row) => Object.fromEntries(r.columns.map((c, k) => [c, row[k]])));
  }

  it('reads a table kept in budget_lines_supplementary', async () => {
    // 部门预算一般公共预算财政拨款支出表: "208 社会保障和就业支出 50350.58 9268.68 41081.90".
    const rows = await run({ table: '一般公共预算支出表' });
    expect(rows.find((r) => r.code === '208')).toMatchObject({ name: '社会保障和就业支出', total_wan: 50350.58, basic_wan: 9268.68, project_wan: 41081.9 });
  });

  it('gives the 支出总表 figures the DOCX gives', async () => {
    const rows = await run({});
    expect(rows.find((r) => r.code === '2080101')).toMatchObject({ name: '行政运行', total_wan: 2838.58, basic_wan: 2669.58, project_wan: 169 });
  });
});

describe('views', () => {
  it('indicator_facts has one row per indicator with its document\'s region', async () => {
    const [counts] = await sql('SELECT (SELECT count(*) FROM indicators) AS i, (SELECT count(*) FROM indicator_facts) AS f, (SELECT count(*) FROM projects) AS p, (SELECT count(*) FROM project_facts) AS pf');
    expect(counts!.f).toBe(counts!.i);
    expect(counts!.pf).toBe(counts!.p);
    const [hy] = await sql("SELECT DISTINCT province, city, county, place, adcode, fiscal_year FROM indicator_facts WHERE county = '湟源县'");
    // Project codes print the region code: "630123000 24T000000 269-…".
    expect(hy).toMatchObject({ province: '青海省', city: '西宁市', place: '湟源县', adcode: '630123', fiscal_year: 2024 });
  });

  it('indicators keep the words printed after a numeric target in value_note', async () => {
    // 001 (保定白沟新城) "保障待遇人员养老金 ≥113元(促进居民收入稳步提高月人均基础养老金不低于全省平均水平)".
    const rows = await sql("SELECT DISTINCT op, value, unit, value_note FROM indicators WHERE level3 = '保障待遇人员养老金'");
    expect(rows).toEqual([{ op: '>=', value: 113, unit: '元', value_note: '(促进居民收入稳步提高月人均基础养老金不低于全省平均水平)' }]);
    // 石家庄市 "人均培训成本 ≤450 小于等于450元": the words repeat the target.
    const [cost] = await sql("SELECT value, unit, value_note FROM indicators WHERE level3 = '人均培训成本' AND value = 450");
    expect(cost).toEqual({ value: 450, unit: '元', value_note: '小于等于450元' });
    // Text targets keep their words in value_raw only; plain numbers have no note.
    const [counts] = await sql("SELECT count(*) FILTER (WHERE op = 'text' AND value_note IS NOT NULL) AS text_notes, count(*) FILTER (WHERE op <> 'text' AND value_note IS NULL) AS bare FROM indicators");
    expect(counts).toMatchObject({ text_notes: 0 });
    expect(counts!.bare).toBeGreaterThan(100);
  });

  it('project_facts counts each project\'s indicators', async () => {
    // 湟源县 公益性岗位社保补贴县配资金: 5 indicator rows, all numeric ("≥ 190 人" … "= 100 %").
    const [p] = await sql("SELECT project_name, budget_wan, indicator_count, normalized_count FROM project_facts WHERE county = '湟源县' AND project_seq = 1");
    expect(p).toMatchObject({ project_name: '公益性岗位社保补贴县配资金', budget_wan: 4, indicator_count: 5, normalized_count: 5 });
  });
});

describe('Parquet export', () => {
  let out: string;
  beforeAll(async () => {
    out = path.join(tmp, 'export');
    await exportParquet(db, out, { views: true });
  });

  it('writes hive partitions by fiscal_year and province', () => {
    const years = fs.readdirSync(path.join(out, 'indicators')).sort();
    expect(years).toEqual(['fiscal_year=2021', 'fiscal_year=2022', 'fiscal_year=2023', 'fiscal_year=2024']);
    // Chinese folder names as they are (Spark and Hive read them; %-encoded UTF-8 they would garble).
    expect(fs.readdirSync(path.join(out, 'indicators', 'fiscal_year=2024'))).toEqual(['province=青海省']);
    expect(fs.readdirSync(path.join(out, 'indicators', 'fiscal_year=2022'))).toEqual(['province=河北省']);
    expect(hivePathValue('河北省')).toBe('河北省');
    expect(hivePathValue('a/b=c%')).toBe('a%2Fb%3Dc%25');
    // The failed document has no year or province: the hive default partition.
    expect(fs.readdirSync(path.join(out, 'documents'))).toContain('fiscal_year=__HIVE_DEFAULT_PARTITION__');
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(manifest.tables.map((t: { name: string }) => t.name)).toEqual([...documentTables.map((t) => t.name), ...views.map((v) => v.name)]);
  });

  it('round-trips: same row counts and values read back with read_parquet', async () => {
    for (const spec of documentTables) {
      const columns = Object.keys(spec.row.shape);
      const [{ n }] = (await sql(`SELECT count(*) AS n FROM "${spec.name}"`)) as [{ n: number }];
      if (n === 0) {
        expect(fs.readdirSync(path.join(out, spec.name)), spec.name).toEqual([]);
        continue;
      }
      const back = readExportedSql(out, spec.name);
      const [{ m }] = (await sql(`SELECT count(*) AS m FROM ${back}`)) as [{ m: number }];
      expect(m, spec.name).toBe(n);
      // Every column compared as text, both ways, with duplicates counted (EXCEPT ALL).
      const cols = [...new Set([...columns, ...PARTITION_COLUMNS])];
      const asText = cols.map((c) => `"${c}"::VARCHAR AS "${c}"`).join(', ');
      const original = columns.includes('province')
        ? `SELECT ${asText} FROM "${spec.name}"`
        : `SELECT ${cols.map((c) => `${columns.includes(c) ? 't' : 'd'}."${c}"::VARCHAR AS "${c}"`).join(', ')} FROM "${spec.name}" t LEFT JOIN documents d ON d.doc_id = t.doc_id`;
      const exported = `SELECT ${asText} FROM ${back}`;
      const [diff] = await sql(`SELECT (SELECT count(*) FROM (${original} EXCEPT ALL ${exported})) AS a, (SELECT count(*) FROM (${exported} EXCEPT ALL ${original})) AS b`);
      expect(diff, spec.name).toEqual({ a: 0, b: 0 });
    }
  });

  it('keeps values: the 湟源县 satisfaction targets from the Parquet files', async () => {
    const rows = await sql(`SELECT level3, value FROM ${readExportedSql(out, 'indicators')}
      WHERE province = '青海省' AND fiscal_year = 2024 AND level2 = '服务对象满意度指标' ORDER BY project_seq, indicator_seq`);
    expect(rows.map((r) => r.value)).toEqual([100, 99, 99, 85, 90, 90, 85, 95, 95, 95]);
    const facts = await sql(`SELECT count(*) AS n FROM ${readExportedSql(out, 'indicator_facts')} WHERE county = '湟源县' AND level2 = '服务对象满意度指标'`);
    expect(facts[0]!.n).toBe(10);
  });
});

describe('HTML report', () => {
  let file: string;
  let html: string;
  beforeAll(async () => {
    html = await buildReport(db, { database: dbPath });
    file = path.join(tmp, 'report.html');
    fs.writeFileSync(file, html);
  });

  it('is self-contained: nothing to fetch at view time (the chart library is inline)', () => {
    // Markup outside the inline scripts loads nothing; no script has a src.
    expect(html).not.toMatch(/<script[^>]*\ssrc=/i);
    expect(html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '')).not.toMatch(/<link|<img|<iframe|@import|url\(/i);
    // The only addresses are XML namespaces and the licence notices inside ECharts.
    const urls = html.match(/https?:\/\/[^\s"'<>)]+/g) ?? [];
    expect(urls.filter((u) => !/^https?:\/\/(www\.w3\.org\/|www\.apache\.org\/licenses\/|github\.com\/ecomfe\/)/.test(u))).toEqual([]);
    expect(html.match(/<div class="chart"/g)).toHaveLength(5);
  });

  it('finds no Chromium on an empty PATH: skipped with a notice, or the fix where CI requires it', () => {
    expect(locateChromium({ PATH: tmp })).toBeNull();
    expect(chromiumTestsRun({ PATH: tmp }, false)).toBe(false);
    expect(chromiumTestsRun({ PATH: tmp, REQUIRE_CHROMIUM: '1' })).toBe(true);
    expect(() => findChromium({ PATH: tmp })).toThrow(/apt-get install chromium/);
  });

  const withBrowser = chromiumTestsRun() ? it : it.skip;

  withBrowser('renders its charts in headless Chromium', () => {
    const dom = runChromium(file, ['--dump-dom']);
    // Province/year, indicator types, coverage by level1 and by format, problem documents: each drawn as SVG.
    const charts = dom.match(/<div class="chart"[\s\S]*?<\/svg>/g) ?? [];
    expect(charts.length).toBe(5);
    const provinceYear = charts.find((c) => c.includes('data-name="province-year"'))!;
    // Province/year rows: 河北省 2021, 2022 (two documents), 2023; 青海省 2024; the failed file has neither.
    for (const label of ['河北省 2021', '河北省 2022', '河北省 2023', '青海省 2024']) expect(provinceYear).toContain(label);
    // The truncated PDF is in the problem list.
    expect(dom).toMatch(/<section id="problems">[\s\S]*truncated\.pdf/);
  });

  withBrowser('paints the bars (screenshot pixels in the chart colours)', () => {
    const png = path.join(tmp, 'report.png');
    runChromium(file, [`--screenshot=${png}`, '--window-size=1000,2600']);
    const img = readPng(fs.readFileSync(png));
    expect(img.width).toBe(1000);
    // Blue (normalized / ok) bars cover a large area; the red error bar of the failed document shows too.
    expect(countColor(img, '#3b6ea5')).toBeGreaterThan(20_000);
    expect(countColor(img, '#b5533c')).toBeGreaterThan(100);
  });
});
