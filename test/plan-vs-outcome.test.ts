// Plan against outcome end to end (issue #15): a budget with its target tables, its 决算 and its
// self-evaluations for one invented agency and year (test/fixtures/plan-outcome/make-plan-outcome.mjs,
// web pages written to a temporary folder), loaded through the real pipeline; every plan-against-
// outcome view and named query and the report are run and their numbers checked against the ones
// the generator prints.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/load/database.ts';
import { documentType } from '../src/normalize/doc-type.ts';
import { resolveQuery } from '../src/query/named.ts';
import { openForReading } from '../src/query/open.ts';
import { buildReport } from '../src/query/report.ts';
import { runQuery } from '../src/query/run.ts';
import type { RawDocument } from '../src/records.ts';
import { buildSampleDatabase } from './fixtures/query/build-db.ts';

// The generator is a plain script (node runs it); typed here.
const GENERATOR: string = './fixtures/plan-outcome/make-plan-outcome.mjs';
const { planOutcomeFixtures } = (await import(GENERATOR)) as { planOutcomeFixtures: () => Record<string, string> };

type Obj = Record<string, unknown>;

describe('documentType: a document of self-evaluations only is not a budget', () => {
  const project = (kind: string) => ({ kind }) as RawDocument['projects'][number];
  const table = {} as RawDocument['budget_tables'][number];
  it.each([
    ['self-evaluations only', 'budget', [project('self_evaluation'), project('department_self_evaluation')], [], 'self_evaluation'],
    ['a budget with target tables and a self-evaluation', 'budget', [project('project'), project('self_evaluation')], [], 'budget'],
    ['self-evaluations beside budget tables', 'budget', [project('self_evaluation')], [table], 'budget'],
    ['a 决算 carrying self-evaluations', 'final_accounts', [project('self_evaluation')], [], 'final_accounts'],
    ['nothing read', 'unknown', [], [], 'unknown'],
  ] as const)('%s', (_what, docType, projects, tables, expected) => {
    expect(documentType({ doc_type: docType, projects: [...projects], budget_tables: [...tables] })).toBe(expected);
  });
});

describe('a budget, its 决算, its target tables and their self-evaluations, one agency and year', () => {
  let tmp: string;
  let db: Database;
  const sql = async (text: string, params: Record<string, string> = {}): Promise<Obj[]> => {
    const r = await runQuery(db, text, params);
    return r.rows.map((row) => Object.fromEntries(r.columns.map((c, k) => [c, typeof row[k] === 'bigint' ? Number(row[k]) : row[k]])));
  };
  const named = async (name: string, params: Record<string, string> = {}) => {
    const q = resolveQuery(name);
    return sql(q.sql, { ...q.params, ...params });
  };

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-outcome-'));
    const files = Object.entries(planOutcomeFixtures()).map(([name, html]) => {
      fs.writeFileSync(path.join(tmp, name), html);
      return path.join(tmp, name);
    });
    await buildSampleDatabase(path.join(tmp, 'plan.duckdb'), files);
    db = await openForReading(path.join(tmp, 'plan.duckdb'));
  }, 120_000);
  afterAll(() => {
    db?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('loads each document whole, with its type, and nothing to report but the unknown place', async () => {
    const docs = await sql('SELECT source_name, status, doc_type, fiscal_year, agency_name FROM documents ORDER BY source_name');
    expect(docs).toEqual([
      { source_name: 'budget.html', status: 'ok', doc_type: 'budget', fiscal_year: 2025, agency_name: '示范县人力资源和社会保障局' },
      { source_name: 'final-accounts.html', status: 'ok', doc_type: 'final_accounts', fiscal_year: 2025, agency_name: '示范县人力资源和社会保障局' },
      { source_name: 'self-evaluation.html', status: 'ok', doc_type: 'self_evaluation', fiscal_year: 2025, agency_name: '示范县人力资源和社会保障局' },
    ]);
    const warnings = await sql("SELECT DISTINCT rule FROM messages WHERE severity <> 'info' ORDER BY rule");
    expect(warnings).toEqual([{ rule: 'region-unknown' }]);
  });

  it('sums over budget documents take the target tables\' budgets, never the self-evaluations\' amounts', async () => {
    const [b] = await sql(`SELECT sum(coalesce(p.budget_wan, 0) + coalesce(p.budget_full_year_wan, 0) + coalesce(p.executed_wan, 0)) AS wan, count(*) AS n
      FROM projects p JOIN documents d USING (doc_id) WHERE d.doc_type = 'budget'`);
    expect(b).toEqual({ wan: 200, n: 2 });
    const [s] = await sql(`SELECT sum(p.executed_wan) AS wan, count(*) AS n FROM projects p JOIN documents d USING (doc_id) WHERE d.doc_type = 'self_evaluation'`);
    expect(s).toEqual({ wan: 228, n: 3 });
  });

  it('queries that count targets set take the target tables, not the targets a self-evaluation restates', async () => {
    const levels = await named('indicators-by-level2');
    expect(levels.reduce((n, r) => n + Number(r.indicators), 0)).toBe(5);
    expect(levels.every((r) => r.documents === 1)).toBe(true);
    const satisfaction = await named('satisfaction-by-county');
    expect(satisfaction.map((r) => [r.project_name, r.level3, r.value_raw])).toEqual([
      ['职业技能培训就业补助', '参训人员满意度', '≥85%'], ['公益性岗位就业补助', '安置人员满意度', '≥90%'],
    ]);
  });

  it('budget_vs_final: the 支出总表 per code against the budget, the 决算\'s own plan where the budget has no such table, 三公 by name', async () => {
    const spending = await sql("SELECT code, match, matched_by, budgeted_wan, final_wan, execution_rate, rate_basis FROM budget_vs_final WHERE table_name = '支出总表' ORDER BY code");
    expect(spending.map((r) => [r.code, r.match, r.budgeted_wan, r.final_wan, r.execution_rate])).toEqual([
      ['208', 'matched', 500, 523.5, 1.047], ['20801', 'matched', 300, 295.5, 0.985], ['2080101', 'matched', 300, 295.5, 0.985],
      ['20807', 'matched', 200, 228, 1.14], ['2080705', 'matched', 120, 126, 1.05], ['2080799', 'matched', 80, 102, 1.275],
      ['210', 'matched', 20, 19.2, 0.96], ['21011', 'matched', 20, 19.2, 0.96], ['2101101', 'matched', 20, 19.2, 0.96],
      ['221', 'matched', 30, 30, 1], ['22102', 'matched', 30, 30, 1], ['2210201', 'matched', 30, 30, 1],
    ]);
    expect(spending.every((r) => r.matched_by === 'code' && r.rate_basis === 'budget_document')).toBe(true);
    // The budget prints no 一般公共预算支出表: the 决算's own 全年预算数 is the plan, and the line is listed as final_only.
    const [general] = await sql("SELECT * FROM budget_vs_final WHERE table_name = '一般公共预算支出表' AND code = '2080705'");
    expect(general).toMatchObject({
      match: 'final_only', budgeted_wan: null, final_wan: 126, budget_initial_wan: 120, budget_full_wan: 150, execution_rate: 0.84, rate_basis: '全年预算数',
      note: 'the budget has no 一般公共预算支出表 line with this code',
    });
    // 三公 items by name; the 决算 prints nothing spent on 公务接待费 as a blank: 0, so the rate is 0, not unknown.
    const sanGong = await sql("SELECT name, matched_by, budgeted_wan, final_wan, execution_rate FROM budget_vs_final WHERE table_name = '三公经费表' ORDER BY name");
    expect(sanGong).toEqual(expect.arrayContaining([
      { name: '公务接待费', matched_by: 'name', budgeted_wan: 1, final_wan: 0, execution_rate: 0 },
      { name: '公务用车运行费', matched_by: 'name', budgeted_wan: 3, final_wan: 2.4, execution_rate: 0.8 },
      { name: '因公出国(境)费', matched_by: 'name', budgeted_wan: 0, final_wan: 0, execution_rate: null },
    ]));
    expect(sanGong).toHaveLength(5);
  });

  it('execution-rate-by-function: one row per 类', async () => {
    const rows = await named('execution-rate-by-function');
    expect(rows.map((r) => [r.fiscal_year, r.agency_name, r.class_code, r.class_name, r.budgeted_wan, r.final_wan, r.execution_rate])).toEqual([
      [2025, '示范县人力资源和社会保障局', '208', '社会保障和就业支出', 500, 523.5, 1.047],
      [2025, '示范县人力资源和社会保障局', '210', '卫生健康支出', 20, 19.2, 0.96],
      [2025, '示范县人力资源和社会保障局', '221', '住房保障支出', 30, 30, 1],
    ]);
  });

  it('project_execution: each self-evaluated project\'s execution beside its target table\'s budget; the one without a target table says why', async () => {
    const rows = await sql('SELECT * FROM project_execution ORDER BY project_seq');
    expect(rows.map((r) => [r.project_name, r.budget_initial_wan, r.budget_full_year_wan, r.executed_wan, r.execution_rate, r.unspent_wan, r.matched, r.plan_budget_wan, r.executed_of_plan, r.initial_differs])).toEqual([
      ['职业技能培训就业补助', 120, 150, 126, 84, 24, true, 120, 1.05, false],
      ['公益性岗位就业补助', 80, 80, 72, 90, 8, true, 80, 0.9, false],
      ['创业担保贷款贴息', 30, 30, 30, 100, 0, false, null, null, null],
    ]);
    expect(rows.map((r) => r.plan_note)).toEqual([null, null, 'the unit\'s target tables for the year have no project of this code or name']);
    expect(rows.map((r) => [r.score_total, r.grade, r.execution_score])).toEqual([[93.4, '优', 8.4], [94, '优', 9], [100, '优', 10]]);
    const [budget] = await sql("SELECT doc_id FROM documents WHERE doc_type = 'budget'");
    expect(rows[0]!.plan_doc_id).toBe(budget!.doc_id);
  });

  it('project-execution-family: a family of projects by place, with its totals', async () => {
    const rows = await named('project-execution-family');
    expect(rows.map((r) => [r.project_name, r.budget_full_year_wan, r.executed_wan, r.execution_rate, r.plan_budget_wan])).toEqual([
      ['职业技能培训就业补助', 150, 126, 84, 120], ['公益性岗位就业补助', 80, 72, 90, 80],
    ]);
    expect(rows.map((r) => [r.family_budget_full_year_wan, r.family_executed_wan, r.family_execution_rate])).toEqual([[230, 198, 86.09], [230, 198, 86.09]]);
    expect((await named('project-execution-family', { family: '贴息' })).map((r) => [r.project_name, r.plan_note, r.family_execution_rate]))
      .toEqual([['创业担保贷款贴息', 'the unit\'s target tables for the year have no project of this code or name', 100]]);
  });

  it('target_vs_actual, its unmatched list and missed-targets-by-level2', async () => {
    const rows = await sql('SELECT project_name, level3, target_raw, actual_raw, met, matched, plan_target_raw FROM target_vs_actual ORDER BY project_seq, indicator_seq');
    expect(rows.map((r) => [r.level3, r.met, r.matched])).toEqual([
      ['培训人数', true, true], ['培训合格率', false, true], ['参训人员满意度', true, true],
      ['公益性岗位安置人数', false, true], ['安置人员满意度', true, true], ['贴息贷款发放笔数', true, false],
    ]);
    const unmatched = await sql('SELECT side, project_name, level3, reason FROM target_vs_actual_unmatched');
    expect(unmatched).toEqual([{ side: 'self_evaluation', project_name: '创业担保贷款贴息', level3: '贴息贷款发放笔数', reason: 'no target table of the project loaded (same year, place, unit, project code or name)' }]);
    const missed = await named('missed-targets-by-level2');
    expect(missed.filter((r) => Number(r.missed) > 0).map((r) => [r.level2, r.self_evaluated, r.missed, r.missed_targets])).toEqual([
      ['数量指标', 3, 1, '示范县人力资源和社会保障局 公益性岗位就业补助: 公益性岗位安置人数 (≥150人 → 142人)'],
      ['质量指标', 1, 1, '示范县人力资源和社会保障局 职业技能培训就业补助: 培训合格率 (≥90% → 86%)'],
    ]);
  });

  it('the report shows budget execution, project execution and missed targets', async () => {
    const html = await buildReport(db, { database: 'plan.duckdb' });
    const section = (id: string) => new RegExp(`<section id="${id}">[\\s\\S]*?</section>`).exec(html)?.[0] ?? '';
    expect(section('execution')).toContain('<td>208</td><td>社会保障和就业支出</td><td class="n">500.00</td><td class="n">523.50</td><td class="n">104.7 %</td>');
    const projects = section('project-execution');
    // Lowest execution rate first.
    expect([...projects.matchAll(/<tr><td>[^<]*<\/td><td>2025<\/td><td>[^<]*<\/td><td>([^<]+)<\/td>/g)].map((m) => m[1])).toEqual(['职业技能培训就业补助', '公益性岗位就业补助', '创业担保贷款贴息']);
    expect(projects).toContain('<td>职业技能培训就业补助</td><td class="n">150.00</td><td class="n">126.00</td><td class="n">84.0 %</td><td class="n">120.00</td>');
    expect(projects).toContain('<td>创业担保贷款贴息</td><td class="n">30.00</td><td class="n">30.00</td><td class="n">100.0 %</td><td class="n">–</td>');
    expect(section('missed-targets')).toContain('6 self-evaluated indicators: 4 met, 2 missed, 0 that cannot be judged');
  });
});
