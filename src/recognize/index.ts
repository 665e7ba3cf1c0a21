// Recognizers: read the hast tree (format-blind) and produce the raw document record.
import type { Root } from 'hast';
import type { VFile } from 'vfile';
import type { RawDocument, RawProject } from '../records.ts';
import { recognizeApprovalTables } from './approval-table.ts';
import { recognizeBudgetTables } from './budget-tables/index.ts';
import { checkListedTables } from './contents.ts';
import { auditCoverage, CellLedger, MIN_COVERAGE } from './coverage.ts';
import { recognizeDocumentFields } from './document.ts';
import { documentStream } from './stream.ts';
import { recognizeTargetTables } from './target-table.ts';
import { reportUnrecognizedTables } from './unrecognized-tables.ts';
import { recognizeWideTables } from './wide-table.ts';

export function recognize(tree: Root, file: VFile): RawDocument {
  const stream = documentStream(tree);
  const fields = recognizeDocumentFields(stream);
  const ledger = new CellLedger();
  // Wide tables with a real grid (several projects in one table) first, then the 批复表 of text
  // conversions: the tables each claims are not read again.
  const wide = recognizeWideTables(stream, file, ledger);
  const approval = recognizeApprovalTables(stream, file, wide.tables, ledger);
  const target = recognizeTargetTables(stream, file, new Set([...approval.tables, ...wide.tables]), ledger);
  const projects = [...wide.projects, ...approval.projects, ...target.projects].sort((a, b) => a.at - b.at)
    .map(({ project }, i) => ({ ...project, project_seq: i + 1 }));
  if (!fields.agency_code && wide.agency) {
    fields.agency_code = wide.agency.code;
    fields.agency_name = wide.agency.name;
  }
  if (!fields.agency_code && approval.agency) {
    fields.agency_code = approval.agency.code;
    fields.agency_name = approval.agency.name;
  }
  if (!fields.agency_name) fields.agency_name = tableAgency([...wide.projects, ...target.projects].map((l) => l.project));
  const budgetUsed = new Set<number>();
  // Department budget tables, 政府采购 and 国有资产 tables (./budget-tables/).
  const budgetAudited = new Set<number>();
  const budgetGrids = new Map<number, number[]>();
  const audit = { ledger, tables: budgetAudited, grids: budgetGrids, printed: 0 };
  const budget = recognizeBudgetTables(tree, file, fields.doc_type, budgetUsed, audit);
  // Tables the 目录 lists that the file does not print (published separately): said so.
  checkListedTables(stream, audit.printed, file);
  // Every table nobody read is named (a 决算's tables are read like a budget's).
  reportUnrecognizedTables(stream, file, [wide.tables, approval.tables, target.tables, budgetUsed]);
  // Coverage audit of every table a recognizer read (绩效目标表, 部门整体, 批复表, budget tables):
  // cells that went nowhere, columns no field takes.
  const coverage = auditCoverage(stream, new Set([...target.tables, ...wide.tables, ...approval.tables, ...budgetAudited]), ledger, file);
  // Per budget table: the counts of the grids (pages) it was read from.
  for (const t of budget.budget_tables) {
    const counts = (budgetGrids.get(t.table_seq) ?? []).map((g) => coverage?.byTable.get(g)).filter((c) => c !== undefined);
    if (counts.length === 0) continue;
    t.cells_total = counts.reduce((n, c) => n + c.cells_total, 0);
    t.cells_read = counts.reduce((n, c) => n + c.cells_read, 0);
  }
  const problems = [...wide.lostColumns, ...target.lostColumns].map((c) => `column "${c}" of an indicator table not read`);
  if (coverage && coverage.cells_total > 0 && coverage.cells_read / coverage.cells_total < MIN_COVERAGE) {
    problems.push(`coverage ${(coverage.cells_read / coverage.cells_total * 100).toFixed(1)}%: ${coverage.cells_total - coverage.cells_read} of ${coverage.cells_total} table cells not read`);
  }
  return {
    ...fields,
    cells_total: coverage?.cells_total ?? null,
    cells_read: coverage?.cells_read ?? null,
    coverage_problems: problems,
    projects,
    ...((approval.total ?? wide.total) !== null ? { projects_total_raw: (approval.total ?? wide.total)! } : {}),
    ...budget,
  };
}

/**
 * The agency named in the target tables' label blocks, when the document names it nowhere else:
 * the department-wide table's 部门名称, else one 主管部门 (or 预算单位/单位名称) for every project,
 * else one 实施单位. Several different bodies: none (the document has no single agency).
 */
function tableAgency(projects: RawProject[]): string | null {
  const dept = projects.find((p) => p.kind === 'department' && p.unit_name);
  if (dept) return dept.unit_name;
  for (const names of [projects.map((p) => p.department_name), projects.map((p) => p.unit_name)]) {
    const set = new Set(names.filter((n): n is string => Boolean(n)));
    if (set.size === 1) return [...set][0]!;
  }
  return null;
}
