// The normalizer stage on real documents: regions and fiscal years of the five samples (agency
// names, titles, opening text and project codes copied from them), level names, amounts,
// cross-checks, and the whole stage on the 批复表 sample (004) rebuilt as a raw record.
import fs from 'node:fs';
import { VFile } from 'vfile';
import { describe, expect, it, vi } from 'vitest';
import { messageRecords } from '../src/messages.ts';
import { parsePercent, parseWan, parseWeight } from '../src/normalize/amounts.ts';
import { checkFunds, checkSpendingPlan, checkWeights } from '../src/normalize/checks.ts';
import { gazetteer } from '../src/normalize/gazetteer.ts';
import { normalizeDocument } from '../src/normalize/index.ts';
import { canonicalLevel1, canonicalLevel2, parentOf } from '../src/normalize/levels.ts';
import { Gazetteer } from '../src/normalize/gazetteer.ts';
import { resolveRegion, typoPlacesIn } from '../src/normalize/regions.ts';
import { resolveFiscalYear, yearIn, yearOfProjectCode } from '../src/normalize/year.ts';
import { processBytes } from '../src/pipeline/process.ts';
import { NormalizedDocumentSchema, RawDocumentSchema, type NormProject, type RawDocument } from '../src/records.ts';
import { recognizeFixture } from './recognize-helpers.ts';

interface DocFixture {
  source: string;
  agency_name: string;
  title: string | null;
  lead_text: string;
  project_codes: (string | null)[];
  expected: { fiscal_year: number; region: { adcode: string; province: string; city: string; county: string | null } };
}
const read = <T>(name: string): T => JSON.parse(fs.readFileSync(new URL(`./fixtures/normalize/${name}`, import.meta.url), 'utf8')) as T;
const docs = read<DocFixture[]>('documents.json');

describe('gazetteer', () => {
  const gaz = gazetteer();
  it('holds every county-level unit, including statistical-only zones', () => {
    expect(gaz.counties().length).toBeGreaterThan(2850);
    expect(gaz.get('130672')).toMatchObject({ name: '保定白沟新城', city: '保定市', province: '河北省' });
    expect(gaz.get('630123')).toMatchObject({ name: '湟源县', city: '西宁市', province: '青海省' });
  });
  it('names municipality districts after the municipality and cities by their own name', () => {
    expect(gaz.get('110105')).toMatchObject({ name: '朝阳区', city: '北京市', province: '北京市' });
    expect(gaz.get('130100')).toMatchObject({ level: 'city', city: '石家庄市', county: null });
  });
});

describe('regions of the sample documents', () => {
  it.each(docs.map((d) => [d.source, d] as const))('%s', (_name, d) => {
    const r = resolveRegion({ agency_name: d.agency_name, title: d.title, lead_text: d.lead_text, project_codes: d.project_codes });
    expect(r.region).toEqual(d.expected.region);
  });

  it('reads the county from project codes when the agency name has none', () => {
    const d = docs.find((x) => x.source.startsWith('000'))!;
    const r = resolveRegion({ agency_name: '就业服务局本级', title: null, lead_text: '', project_codes: d.project_codes });
    expect(r.region.adcode).toBe('130921');
  });

  it('resolves a misspelt county name with the project codes and says so', () => {
    const d = docs.find((x) => x.source.startsWith('004'))!;
    const r = resolveRegion({ agency_name: d.agency_name, title: null, lead_text: '', project_codes: d.project_codes });
    expect(r.region.county).toBe('湟源县');
    expect(r.messages.find((m) => m.rule === 'region-typo')?.text).toContain('隍源县');
  });

  it('does not guess a misspelt name that fits several counties', () => {
    const r = resolveRegion({ agency_name: '隍源县就业服务局', title: null, lead_text: '', project_codes: [] });
    expect(r.region.adcode).toBeNull();
    expect(r.messages.map((m) => m.rule)).toContain('region-unknown');
  });

  it('keeps the county of a zone whose project codes use a non-standard number, with a message', () => {
    const d = docs.find((x) => x.source.startsWith('001'))!;
    const r = resolveRegion({ agency_name: d.agency_name, title: null, lead_text: '', project_codes: d.project_codes });
    expect(r.region.adcode).toBe('130672');
    expect(r.messages.map((m) => m.rule)).toContain('region-code-unknown');
  });

  it('reports a conflict between the agency name and the project codes', () => {
    const r = resolveRegion({ agency_name: '魏县人力资源和社会保障局', title: null, lead_text: '', project_codes: ['13092122P00320410001B'] });
    expect(r.region.county).toBe('魏县');
    expect(r.messages.map((m) => m.rule)).toContain('region-conflict');
  });

  it('disambiguates a shared district name by its city and leaves it alone without one', () => {
    expect(resolveRegion({ agency_name: '北京市朝阳区财政局', title: null, lead_text: '', project_codes: [] }).region.adcode).toBe('110105');
    expect(resolveRegion({ agency_name: '长春市朝阳区财政局', title: null, lead_text: '', project_codes: [] }).region.adcode).toBe('220104');
    expect(resolveRegion({ agency_name: '朝阳区财政局', title: null, lead_text: '', project_codes: [] }).region.adcode).toBeNull();
  });

  it('reads province-level and municipality-district publishers from titles (real disclosures)', () => {
    const province = resolveRegion({ agency_name: null, title: '2017年度江苏省高级人民法院部门预算公开', lead_text: '', project_codes: [] });
    expect(province.region).toEqual({ adcode: '320000', province: '江苏省', city: null, county: null });
    const district = resolveRegion({ agency_name: null, title: '上海市普陀区2025年区级部门预算', lead_text: '', project_codes: [] });
    expect(district.region).toEqual({ adcode: '310107', province: '上海市', city: '上海市', county: '普陀区' });
  });

  it('does not read 市场 (market) as the end of a city name', () => {
    expect(resolveRegion({ agency_name: '沧县市场监督管理局', title: null, lead_text: '', project_codes: [] }).region.adcode).toBe('130921');
    expect(resolveRegion({ agency_name: '永安市场服务中心', title: null, lead_text: '', project_codes: [] }).region.adcode).toBeNull();
  });

  it('does not read two-character names out of ordinary words', () => {
    // 和县 inside 省、市和县级 is not a place.
    const r = resolveRegion({ agency_name: null, title: null, lead_text: '按照省、市和县级要求开展工作', project_codes: [] });
    expect(r.region.adcode).toBeNull();
  });
});

describe('misspelt place names against the gazetteer passed in', () => {
  // Two small division lists in the gazetteer's own file shape: each call must use its own.
  const one = new Gazetteer({ source: 'test one', provinces: { '63': '青海省' }, cities: { '6301': '西宁市' }, counties: { '630123': '湟源县' } });
  const two = new Gazetteer({ source: 'test two', provinces: { '63': '青海省' }, cities: { '6301': '西宁市' }, counties: { '630124': '黄源县' } });
  it('matches the names of whichever gazetteer each call gets', () => {
    expect(typoPlacesIn('隍源县就业服务局', one).flatMap((m) => m.candidates.map((c) => c.name))).toEqual(['湟源县']);
    expect(typoPlacesIn('隍源县就业服务局', two).flatMap((m) => m.candidates.map((c) => c.name))).toEqual(['黄源县']);
    expect(typoPlacesIn('隍源县就业服务局', one).flatMap((m) => m.candidates.map((c) => c.name))).toEqual(['湟源县']);
  });
});

describe('fiscal years of the sample documents', () => {
  it.each(docs.map((d) => [d.source, d] as const))('%s', (_name, d) => {
    const y = resolveFiscalYear({ fiscal_year_raw: null, title: d.title, lead_text: d.lead_text, project_codes: d.project_codes });
    expect(y.year).toBe(d.expected.fiscal_year);
    expect(y.messages).toEqual([]);
  });

  it('reads the year in both project-code layouts', () => {
    expect(yearOfProjectCode('13092122P00320410001B')).toBe(2022);
    expect(yearOfProjectCode('130434211Y0DO65S99Z10')).toBe(2021);
    expect(yearOfProjectCode('630123000 24T000000 269')).toBe(2024);
    expect(yearOfProjectCode(null)).toBeNull();
  });

  it('reads years written in Han numerals, every digit', () => {
    expect(yearIn('二〇二二年')).toBe(2022);
    expect(yearIn('二〇一九年')).toBe(2019);
    expect(yearIn('二〇二四年度部门预算')).toBe(2024);
    expect(yearIn('某某局二〇二五年部门预算')).toBe(2025);
    expect(yearIn('二零二六年')).toBe(2026);
    expect(yearIn('二〇三八年')).toBe(2038);
    // numerals outside a year-like run stay words
    expect(yearIn('第一二三四五条')).toBeNull();
    expect(yearIn('三年行动计划')).toBeNull();
  });

  it('uses 000-padded project codes only when nothing else gives a year, and reports a conflict', () => {
    // A code of another shape that also has 000 after the division code (an internal serial
    // number, not a year): 610102 000 15 A…
    const codes = ['61010200015A0001', '61010200015A0002'];
    const conflict = resolveFiscalYear({ fiscal_year_raw: null, title: '2023年部门预算', lead_text: '', project_codes: codes });
    expect(conflict.year).toBe(2023);
    expect(conflict.messages.map((m) => m.rule)).toEqual(['year-conflict']);
    expect(conflict.messages[0]!.text).toContain('2015');
    const lead = resolveFiscalYear({ fiscal_year_raw: null, title: null, lead_text: '2023年我局预算', project_codes: codes });
    expect(lead.year).toBe(2023);
    expect(lead.messages.map((m) => m.rule)).toEqual(['year-conflict']);
    const agree = resolveFiscalYear({ fiscal_year_raw: null, title: '2024年部门预算', lead_text: '', project_codes: ['63012300024T000000269'] });
    expect(agree).toEqual({ year: 2024, messages: [] });
    const alone = resolveFiscalYear({ fiscal_year_raw: null, title: null, lead_text: '', project_codes: ['63012300024T000000269'] });
    expect(alone).toEqual({ year: 2024, messages: [] });
  });

  it('reads the year from budget-table headers when the title has none', () => {
    const y = resolveFiscalYear({ fiscal_year_raw: null, title: '收支预算总表', lead_text: '', project_codes: [], table_titles: ['收支预算总表', '2019年一般公共预算支出表'] });
    expect(y.year).toBe(2019);
  });

  it('reports a title year that the project codes contradict', () => {
    const y = resolveFiscalYear({ fiscal_year_raw: null, title: '2023年部门预算', lead_text: '', project_codes: ['13092122P00320410001B', '13092122P003192100019'] });
    expect(y.year).toBe(2023);
    expect(y.messages.map((m) => m.rule)).toEqual(['year-conflict']);
  });
});

describe('level names', () => {
  it.each([
    ['社会效益', '社会效益指标'], ['服务对象满意度', '服务对象满意度指标'], ['服务对象 满意度', '服务对象满意度指标'], ['可持续影响', '可持续影响指标'],
    ['生态指标', '生态效益指标'], ['社会效应指标', '社会效益指标'], ['经济效益指标', '经济效益指标'], ['数量', '数量指标'], ['服务对象', '服务对象满意度指标'],
  ])('二级指标 %s → %s', (raw, want) => expect(canonicalLevel2(raw).name).toBe(want));
  it.each([['产出', '产出指标'], ['效益指标', '效益指标'], ['满意度', '满意度指标'], ['产出指示', '产出指标']])('一级指标 %s → %s', (raw, want) => {
    expect(canonicalLevel1(raw).name).toBe(want);
  });
  it('rejects labels that are not level names', () => {
    expect(canonicalLevel2('项目完成情况').name).toBeNull();
    expect(canonicalLevel1('').name).toBeNull();
  });
  it('infers 一级指标 only where one parent is possible', () => {
    expect(parentOf('数量指标')).toBe('产出指标');
    expect(parentOf('服务对象满意度指标')).toBe('满意度指标');
    expect(parentOf('成本指标')).toBeNull();
  });
});

describe('amounts, percentages, weights', () => {
  it('reads 万元 amounts as printed', () => {
    expect(parseWan('1,342.46').value).toBe(1342.46);
    expect(parseWan('25.59').value).toBe(25.59);
    expect(parseWan('0').value).toBe(0);
    expect(parseWan('').value).toBeNull();
    expect(parseWan(null).value).toBeNull();
    expect(parseWan('-').value).toBeNull();
    expect(parseWan('255900元').value).toBe(25.59);
    expect(parseWan('abc').problem).toContain('not a number');
  });
  it('reads percentages and weights', () => {
    expect(parsePercent('25%').value).toBe(25);
    expect(parsePercent('100').value).toBe(100);
    expect(parsePercent('').value).toBeNull();
    expect(parseWeight('20').value).toBe(20);
    expect(parseWeight('15分').value).toBe(15);
    expect(parseWeight(null).value).toBeNull();
  });
});

function project(over: Partial<NormProject>): NormProject {
  return {
    project_seq: 1, project_code: null, project_name: 'p', category: null, budget_raw: null, fiscal_raw: null, other_raw: null,
    purpose: null, goals: null, spending_plan: null, indicators: [], layout: 'target_table', budget_wan: null, fiscal_wan: null, other_wan: null,
    kind: 'project', amount_unit_raw: null, goals_long: null, unit_name: null, department_name: null, basic_raw: null, project_raw: null, basic_info: null, basic_wan: null, project_wan: null,
    ...over,
  };
}

describe('cross-checks', () => {
  it('fiscal + other = budget', () => {
    expect(checkFunds(project({ budget_wan: 25.59, fiscal_wan: 25.59 }))).toEqual([]);
    expect(checkFunds(project({ budget_wan: 10, fiscal_wan: 8, other_wan: 2 }))).toEqual([]);
    expect(checkFunds(project({ budget_wan: 10, fiscal_wan: 8 }))[0]?.rule).toBe('funds-sum');
  });
  it('spending plans rise to 100', () => {
    const plan = (pcts: (number | null)[]) => project({ spending_plan: pcts.map((pct, k) => ({ milestone: `${k}`, pct_raw: String(pct), pct })) });
    expect(checkSpendingPlan(plan([25, 50, 75, 100]))).toEqual([]);
    expect(checkSpendingPlan(plan([null, 100]))).toEqual([]);
    expect(checkSpendingPlan(plan([25, 25, 25, 25])).map((m) => m.rule)).toEqual(['spending-plan-total']);
    expect(checkSpendingPlan(plan([50, 25, 100])).map((m) => m.rule)).toEqual(['spending-plan-order']);
  });
  it('weights add up to 90 or 100 only when present', () => {
    const withWeights = (ws: (number | null)[]) => project({
      indicators: ws.map((weight, k) => ({
        indicator_seq: k + 1, level1_raw: null, level2_raw: null, level3: null, description: null, value_raw: null, unit_raw: null, basis: null,
        weight_raw: null, level1: null, level2: null, weight, op: 'text' as const, value: null, value_max: null, unit: null, value_note: null,
        direction: null, remark: null,
      })),
    });
    expect(checkWeights(withWeights([null, null]))).toEqual([]);
    expect(checkWeights(withWeights([50, 50]))).toEqual([]);
    expect(checkWeights(withWeights([20, 30, 40]))).toEqual([]);
    expect(checkWeights(withWeights([20, 30, 35, null]))[0]?.text).toContain('85');
  });
});

describe('normalizeDocument on the 批复表 sample (004)', async () => {
  // The raw record is what the real recognizer makes of the text export (its 合计 row included).
  const { doc: recognized } = await recognizeFixture('text/004_c2ed7faebcfb9906.txt');
  const fixture = (): RawDocument => structuredClone(recognized);
  // Normalized values by printed value, hand-keyed from the gold records.
  interface GoldValue { raw: string; op: string; value: number | null; value_max: number | null; unit: string | null }
  const goldValues = new Map(read<GoldValue[]>('gold-values.json').map(({ raw, op, value, value_max, unit }) => [raw, { op, value, value_max, unit }]));

  it('fills year, region, amounts, levels, weights and values, and passes the output schema', () => {
    const file = new VFile({ path: '004.txt' });
    expect(recognized.projects_total_raw).toBe('1,342.46');
    expect(recognized.projects.reduce((n, p) => n + p.indicators.length, 0)).toBe(67);
    const out = normalizeDocument(fixture(), file);
    expect(() => NormalizedDocumentSchema.parse(out)).not.toThrow();
    expect(out.fiscal_year).toBe(2024);
    expect(out.region).toEqual({ adcode: '630123', province: '青海省', city: '西宁市', county: '湟源县' });
    expect(out.projects.map((p) => p.budget_wan)).toEqual([4, 265, 23.1, 16.4, 16, 738, 173.86, 106.1]);
    out.projects.forEach((p, k) => p.indicators.forEach((ind, j) => {
      const { op, value, value_max, unit } = ind;
      expect({ op, value, value_max, unit }).toEqual(goldValues.get(recognized.projects[k]!.indicators[j]!.value_raw!));
      expect(ind.level2).toMatch(/指标$/);
    }));
    const rules = messageRecords(file).map((m) => `${m.stage}:${m.rule}`);
    // Project 6 prints one weight blank, so its weights add up to 85; the budgets add up to the 合计 row.
    expect(rules.filter((r) => r === 'check:weights-sum')).toHaveLength(1);
    expect(rules).not.toContain('check:projects-total');
    expect(rules).toContain('normalize:region-typo');
  });

  it('infers a blank 一级指标, reads a misspelt 二级指标, and reports a wrong total', () => {
    const changed = fixture();
    changed.projects[0]!.indicators[0]!.level1_raw = null;
    changed.projects[0]!.indicators[3]!.level2_raw = '社会效应';
    changed.projects[0]!.indicators[4]!.level1_raw = '产出指标'; // carried down wrongly above 服务对象满意度
    changed.projects_total_raw = '1,300.00';
    const file = new VFile({ path: '004.txt' });
    const out = normalizeDocument(changed, file);
    expect(out.projects[0]!.indicators[0]!.level1).toBe('产出指标');
    expect(out.projects[0]!.indicators[3]!.level2).toBe('社会效益指标');
    expect(out.projects[0]!.indicators[4]!.level1).toBe('满意度指标');
    const rules = messageRecords(file).map((m) => m.rule);
    expect(rules).toEqual(expect.arrayContaining(['level-inferred', 'level-typo', 'level-mismatch', 'projects-total']));
  });

  it('rejects a record that is not a raw document', () => {
    expect(() => normalizeDocument({ title: 1 } as unknown as RawDocument, new VFile())).toThrow();
  });
});

describe('zod checks on the pipeline path', () => {
  it('checks the raw and the normalized record of a document once each', async () => {
    const file = new URL('./fixtures/budget/003_c128c7645c42ae13.txt', import.meta.url).pathname;
    const raw = vi.spyOn(RawDocumentSchema, 'parse');
    const norm = vi.spyOn(NormalizedDocumentSchema, 'parse');
    try {
      const done = await processBytes(file, new Uint8Array(fs.readFileSync(file)));
      expect(done.info.status).toBe('ok');
      expect(done.record!.projects.length).toBeGreaterThan(100);
      expect(raw).toHaveBeenCalledTimes(1);
      expect(norm).toHaveBeenCalledTimes(1);
    } finally {
      raw.mockRestore();
      norm.mockRestore();
    }
  });
});
