// How target_vs_actual pairs a target table with a self-evaluation, on rows written straight into
// the tables (the end-to-end path is in test/self-evaluation.test.ts): the project code where both
// print one and the name otherwise, one of the unit names, the year, and one candidate each way.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSchema, openDatabase, queryRows, type Database } from '../src/load/database.ts';

let tmp: string;
let db: Database;

const q = (v: string | number | null) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v.replace(/'/g, "''")}'`);

/** A document with one project and its indicators: [level3, value_raw, actual_raw (self-evaluations)]. */
async function addDocument(doc: string, opts: { year: number; agency: string | null; kind: string; code: string | null; name: string; unit?: string; indicators: [string, string, string?][] }): Promise<void> {
  await db.conn.run(`INSERT INTO documents (doc_id, status, fiscal_year, agency_name, doc_type) VALUES (${q(doc)}, 'ok', ${opts.year}, ${q(opts.agency)}, 'budget')`);
  await db.conn.run(`INSERT INTO projects (doc_id, project_seq, project_code, project_name, kind, unit_name) VALUES (${q(doc)}, 1, ${q(opts.code)}, ${q(opts.name)}, ${q(opts.kind)}, ${q(opts.unit ?? null)})`);
  let seq = 0;
  for (const [level3, value, actual] of opts.indicators) {
    await db.conn.run(`INSERT INTO indicators (doc_id, project_seq, indicator_seq, level3, value_raw, op, actual_raw, met)
      VALUES (${q(doc)}, 1, ${++seq}, ${q(level3)}, ${q(value)}, 'text', ${q(actual ?? null)}, ${actual ? 'true' : 'NULL'})`);
  }
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tva-'));
  db = await openDatabase(path.join(tmp, 'm.duckdb'));
  await ensureSchema(db);
  // A: names differ in a leading year, spacing and punctuation only; the 三级指标 too.
  await addDocument('plan-a', { year: 2023, agency: '甲县民政局', kind: 'project', code: null, name: '2023年 养老服务补贴', indicators: [['服务人数', '≥100人'], ['服务人数', '≥90人'], ['满意度', '≥90%']] });
  await addDocument('eval-a', { year: 2023, agency: null, kind: 'self_evaluation', code: null, name: '养老服务补贴项目', unit: '甲县民政局', indicators: [['服务 人数', '≥100人', '120人'], ['满意度。', '≥90%', '95%']] });
  // B: the codes printed on both sides differ: not the same project, whatever the names.
  await addDocument('plan-b', { year: 2023, agency: '甲县民政局', kind: 'project', code: 'P001', name: '殡葬补贴', indicators: [['补贴人数', '≥50人']] });
  await addDocument('eval-b', { year: 2023, agency: '甲县民政局', kind: 'self_evaluation', code: 'P002', name: '殡葬补贴', indicators: [['补贴人数', '≥50人', '52人']] });
  // C: the same code, the name changed: the same project.
  await addDocument('plan-c', { year: 2023, agency: '甲县民政局', kind: 'project', code: 'P003', name: '困难群众救助', indicators: [['救助人次', '≥300人次']] });
  await addDocument('eval-c', { year: 2023, agency: '甲县民政局', kind: 'self_evaluation', code: 'P003', name: '困难群众救助补助资金', indicators: [['救助人次', '≥300人次', '320人次']] });
  // D: another year and another unit do not pair.
  await addDocument('plan-d', { year: 2022, agency: '甲县民政局', kind: 'project', code: null, name: '社区服务', indicators: [['站点数', '≥5个']] });
  await addDocument('eval-d', { year: 2023, agency: '甲县民政局', kind: 'self_evaluation', code: null, name: '社区服务', indicators: [['站点数', '≥5个', '6个']] });
  await addDocument('plan-e', { year: 2023, agency: '乙县民政局', kind: 'project', code: null, name: '社区服务', indicators: [['站点数', '≥5个']] });
});

afterAll(() => {
  db?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('target_vs_actual matching', () => {
  it('pairs by name key (year, spaces, punctuation, 项目 ignored) and by code, never across differing codes, years or units', async () => {
    const rows = await queryRows(db, 'SELECT doc_id, level3, matched, plan_doc_id, plan_target_raw FROM target_vs_actual ORDER BY doc_id, indicator_seq');
    expect(rows).toEqual([
      // 服务人数 has two candidates in the target table: not guessed.
      { doc_id: 'eval-a', level3: '服务 人数', matched: false, plan_doc_id: null, plan_target_raw: null },
      { doc_id: 'eval-a', level3: '满意度。', matched: true, plan_doc_id: 'plan-a', plan_target_raw: '≥90%' },
      { doc_id: 'eval-b', level3: '补贴人数', matched: false, plan_doc_id: null, plan_target_raw: null },
      { doc_id: 'eval-c', level3: '救助人次', matched: true, plan_doc_id: 'plan-c', plan_target_raw: '≥300人次' },
      { doc_id: 'eval-d', level3: '站点数', matched: false, plan_doc_id: null, plan_target_raw: null },
    ]);
  });

  it('lists the rest with the reason', async () => {
    const rows = await queryRows(db, 'SELECT side, doc_id, indicator_seq, reason FROM target_vs_actual_unmatched ORDER BY side, doc_id, indicator_seq');
    expect(rows).toEqual([
      { side: 'self_evaluation', doc_id: 'eval-a', indicator_seq: 1, reason: 'several target-table indicators (or self-evaluation indicators) have this name' },
      { side: 'self_evaluation', doc_id: 'eval-b', indicator_seq: 1, reason: 'no target table of the project loaded (same year, place, unit, project code or name)' },
      { side: 'self_evaluation', doc_id: 'eval-d', indicator_seq: 1, reason: 'no target table of the project loaded (same year, place, unit, project code or name)' },
      { side: 'target_table', doc_id: 'plan-a', indicator_seq: 1, reason: 'several self-evaluation indicators (or target-table indicators) have this name' },
      { side: 'target_table', doc_id: 'plan-a', indicator_seq: 2, reason: 'several self-evaluation indicators (or target-table indicators) have this name' },
      // 殡葬补贴 P001: its unit has self-evaluations for 2023, none of this project. plan-d (2022) and plan-e (乙县) are not listed.
      { side: 'target_table', doc_id: 'plan-b', indicator_seq: 1, reason: 'no self-evaluation of the project loaded, though its unit has one for the year' },
    ]);
  });
});
