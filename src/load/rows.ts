// Turns one processed document into the rows of each table (see tables.ts).
import type { NormIndicator, NormProject, ProcessedDocument, SourceRefRecord } from '../records.ts';
import { finalFigures } from '../normalize/final-accounts.ts';
import type { Row } from './tables.ts';
import * as T from './tables.ts';

export interface DocumentRows {
  documents: Row<typeof T.documents>[];
  projects: Row<typeof T.projects>[];
  spending_plan: Row<typeof T.spendingPlan>[];
  indicators: Row<typeof T.indicators>[];
  budget_tables: Row<typeof T.budgetTables>[];
  budget_table_columns: Row<typeof T.budgetTableColumns>[];
  budget_lines: Row<typeof T.budgetLines>[];
  budget_lines_supplementary: Row<typeof T.budgetLinesSupplementary>[];
  procurement_items: Row<typeof T.procurementItems>[];
  fixed_assets: Row<typeof T.fixedAssets>[];
  messages: Row<typeof T.messages>[];
}

const CONTRACT_AMOUNTS = ['total_wan', 'basic_wan', 'project_wan', 'personnel_wan', 'public_wan', 'fiscal_wan', 'special_account_wan', 'other_wan', 'carryover_wan'] as const;

function numOrNull(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/** Where a DOCX row sits: its body block and table row (both 1-based); nulls for other formats. */
/** The PDF box of a row as JSON text ([x0, y0, x1, y1], PDF user space); null for other formats. */
function bboxJson(source: SourceRefRecord | undefined): string | null {
  return source?.bbox ? JSON.stringify(source.bbox) : null;
}

function docxPlace(source: SourceRefRecord | undefined): { block: number | null; table_row: number | null } {
  return { block: source?.index !== undefined ? source.index + 1 : null, table_row: source?.row ?? null };
}

export function documentRows(doc: ProcessedDocument, loadedAt = new Date()): DocumentRows {
  const { info, record } = doc;
  const id = info.doc_id;
  const rows: DocumentRows = {
    documents: [{
      doc_id: id, source_name: info.source_name, source_path: info.source_path, format: info.format,
      sha256: info.sha256, bytes: info.bytes, pages: info.pages, status: info.status, error: info.error,
      failed_stage: info.failed_stage, doc_type: record?.doc_type ?? null, title: record?.title ?? null,
      fiscal_year: record?.fiscal_year ?? null, agency_code: record?.agency_code ?? null, agency_name: record?.agency_name ?? null,
      adcode: record?.region.adcode ?? null, province: record?.region.province ?? null, city: record?.region.city ?? null,
      county: record?.region.county ?? null, pipeline_version: info.pipeline_version, loaded_at: loadedAt,
      parsed_status: info.status, content_key: info.content_key ?? null, content_rows: info.content_rows ?? null,
      duplicate_of: null, status_reason: null, removed_at: null, ocr_pages: info.ocr_pages ?? null,
      cells_total: record?.cells_total ?? null, cells_read: record?.cells_read ?? null,
      coverage: record && record.cells_total ? record.cells_read! / record.cells_total : null,
    }],
    projects: [], spending_plan: [], indicators: [], budget_tables: [], budget_table_columns: [], budget_lines: [], budget_lines_supplementary: [],
    procurement_items: [], fixed_assets: [],
    messages: doc.messages.map((m) => ({ doc_id: id, ...m, block: m.block ?? null })),
  };
  if (!record) return rows;
  for (const p of record.projects) {
    rows.projects.push({
      doc_id: id, project_seq: p.project_seq, project_code: p.project_code, project_name: p.project_name, category: p.category,
      layout: p.layout, budget_raw: p.budget_raw, budget_wan: p.budget_wan, fiscal_raw: p.fiscal_raw, fiscal_wan: p.fiscal_wan,
      other_raw: p.other_raw, other_wan: p.other_wan, basic_raw: p.basic_raw, basic_wan: p.basic_wan,
      project_raw: p.project_raw, project_wan: p.project_wan, basic_info: p.basic_info, purpose: p.purpose, goals: p.goals,
      kind: p.kind, amount_unit_raw: p.amount_unit_raw, goals_long: p.goals_long, unit_name: p.unit_name, department_name: p.department_name,
      page: p.source?.page ?? null, line: p.source?.line ?? null, cell: p.source?.cell ?? null, ...docxPlace(p.source), bbox: bboxJson(p.source),
      ...selfEvaluationProject(p),
      dev_spend_raw: p.dev_spend_raw ?? null, dev_spend_wan: p.dev_spend_wan ?? null,
      special_funds_raw: p.special_funds_raw ?? null, special_funds_wan: p.special_funds_wan ?? null,
      other_dev_raw: p.other_dev_raw ?? null, other_dev_wan: p.other_dev_wan ?? null,
      own_level_raw: p.own_level_raw ?? null, own_level_wan: p.own_level_wan ?? null,
      transfer_down_raw: p.transfer_down_raw ?? null, transfer_down_wan: p.transfer_down_wan ?? null,
    });
    for (const s of p.spending_plan ?? []) {
      rows.spending_plan.push({ doc_id: id, project_seq: p.project_seq, milestone: s.milestone, pct_raw: s.pct_raw, pct: s.pct });
    }
    for (const i of p.indicators) {
      rows.indicators.push({
        doc_id: id, project_seq: p.project_seq, indicator_seq: i.indicator_seq, level1: i.level1, level2: i.level2,
        level1_raw: i.level1_raw, level2_raw: i.level2_raw, level3: i.level3, description: i.description, value_raw: i.value_raw,
        unit_raw: i.unit_raw, basis: i.basis, weight_raw: i.weight_raw, weight: i.weight, op: i.op, value: i.value,
        value_max: i.value_max, unit: i.unit, page: i.source?.page ?? null, line: i.source?.line ?? null, value_note: i.value_note ?? null,
        direction: i.direction, remark: i.remark,
        cell: i.source?.cell ?? null, ...docxPlace(i.source), bbox: bboxJson(i.source),
        ...selfEvaluationIndicator(i),
      });
    }
  }
  for (const t of record.budget_tables) {
    const linesTable = t.main ? rows.budget_lines : rows.budget_lines_supplementary;
    rows.budget_tables.push({
      doc_id: id, table_seq: t.table_seq, table_name: t.table_name, title: t.title, unit_raw: t.unit_raw, empty: t.empty, line_count: t.lines.length,
      main: t.main, lines_table: t.main ? 'budget_lines' : 'budget_lines_supplementary', doc_type: t.doc_type,
      cells_total: t.cells_total ?? null, cells_read: t.cells_read ?? null,
    });
    t.columns.forEach((c, k) => rows.budget_table_columns.push({ doc_id: id, table_seq: t.table_seq, column_seq: k + 1, column_key: c.key, header: c.header }));
    for (const l of t.lines) {
      const amounts = Object.fromEntries(CONTRACT_AMOUNTS.map((k) => [k, numOrNull(l.amounts_wan[k])])) as Record<(typeof CONTRACT_AMOUNTS)[number], number | null>;
      linesTable.push({
        doc_id: id, table_seq: t.table_seq, line_seq: l.line_seq, table_name: t.table_name, code: l.code, parent_code: l.parent_code,
        name: l.name, ...amounts, amounts_json: JSON.stringify(l.amounts_wan), page: l.source?.page ?? null, line: l.source?.line ?? null,
        name_raw: l.name_raw, class_name: l.class_name, class_code: l.class_code, side: l.side, unit_raw: t.unit_raw,
        cell: l.source?.cell ?? null, ...docxPlace(l.source), bbox: bboxJson(l.source),
        // 决算 figures (src/normalize/final-accounts.ts): null in budget tables.
        doc_type: t.doc_type, ...finalFigures(t, l),
      });
    }
  }
  record.procurement_items.forEach((r, k) => rows.procurement_items.push({
    doc_id: id, item_seq: k + 1, project: r.project ?? null, item: r.item ?? null, catalogue_code: r.catalogue_code ?? null,
    unit: r.unit ?? null, quantity: numOrNull(r.quantity), unit_price_wan: numOrNull(r.unit_price_wan), amount_wan: numOrNull(r.amount_wan),
    raw_json: JSON.stringify(r),
  }));
  record.fixed_assets.forEach((r, k) => rows.fixed_assets.push({
    doc_id: id, item_seq: k + 1, category: r.category ?? null, name: r.name ?? null, unit: r.unit ?? null,
    quantity: numOrNull(r.quantity), amount_wan: numOrNull(r.amount_wan), raw_json: JSON.stringify(r),
  }));
  return rows;
}

/** Self-evaluation columns of a project row (null for target tables). */
function selfEvaluationProject(p: NormProject) {
  return {
    budget_initial_raw: p.budget_initial_raw ?? null, budget_initial_wan: p.budget_initial_wan ?? null,
    budget_full_year_raw: p.budget_full_year_raw ?? null, budget_full_year_wan: p.budget_full_year_wan ?? null,
    executed_raw: p.executed_raw ?? null, executed_wan: p.executed_wan ?? null,
    execution_rate_raw: p.execution_rate_raw ?? null, execution_rate: p.execution_rate ?? null,
    execution_detail: p.execution_detail ?? null, score_total_raw: p.score_total_raw ?? null, score_total: p.score_total ?? null,
    grade: p.grade ?? null, goals_actual: p.goals_actual ?? null, evaluation_notes: p.evaluation_notes ?? null,
    execution_max_score_raw: p.execution_max_score_raw ?? null, execution_max_score: p.execution_max_score ?? null,
    execution_score_raw: p.execution_score_raw ?? null, execution_score: p.execution_score ?? null,
  };
}

/** Self-evaluation columns of an indicator row (null for target tables). */
function selfEvaluationIndicator(i: NormIndicator) {
  return {
    actual_raw: i.actual_raw ?? null, actual_op: i.actual_op ?? null, actual_value: i.actual_value ?? null,
    actual_value_max: i.actual_value_max ?? null, actual_unit: i.actual_unit ?? null, score_raw: i.score_raw ?? null,
    score: i.score ?? null, max_score: i.max_score ?? null, deviation_reason: i.deviation_reason ?? null, met: i.met ?? null,
  };
}
