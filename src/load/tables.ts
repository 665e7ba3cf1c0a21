// The database tables, declared once as zod schemas with column metadata. The DDL, the
// loader's appenders and docs/data-dictionary.md are all generated from these declarations.
// CONTRACT.md names the columns researchers rely on: add columns freely, never rename or drop.
import { z } from 'zod';

export type SqlType = 'VARCHAR' | 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'BOOLEAN' | 'TIMESTAMP' | 'JSON';

export interface ColumnMeta {
  sql: SqlType;
  description: string;
  example?: unknown;
  primaryKey?: boolean;
}

const metaOf = new WeakMap<z.ZodType, ColumnMeta>();

function column<T extends z.ZodType>(schema: T, meta: ColumnMeta): T {
  metaOf.set(schema, meta);
  return schema;
}

export function columnMeta(schema: z.ZodType): ColumnMeta {
  const meta = metaOf.get(schema);
  if (!meta) throw new Error('column declared without metadata');
  return meta;
}

const text = (description: string, example?: unknown) => column(z.string().nullable(), { sql: 'VARCHAR', description, example });
const int = (description: string, example?: unknown) => column(z.number().int().nullable(), { sql: 'INTEGER', description, example });
const dbl = (description: string, example?: unknown) => column(z.number().nullable(), { sql: 'DOUBLE', description, example });
/** Box of a row on its PDF page, as JSON text; one declaration for every table that has one. */
const bbox = () => column(z.string().nullable(), {
  sql: 'JSON',
  description: 'Box of the row on its page (PDF only): [x0, y0, x1, y1] in PDF user space, points from the page\'s bottom-left corner (y grows upwards), so page and box locate the printed row; the explorer highlights it.',
  example: '[56.7,512.3,538.6,530.1]',
});
const docId = () => column(z.string(), { sql: 'VARCHAR', description: 'Document id: first 16 hex digits of the file\'s SHA-256.', example: '8673c46da405b13e' });

export interface TableSpec<S extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  description: string;
  /** One row per … (for the data dictionary). */
  grain: string;
  row: z.ZodObject<S>;
}

function table<S extends z.ZodRawShape>(name: string, grain: string, description: string, shape: S): TableSpec<S> {
  return { name, grain, description, row: z.object(shape) };
}

export const documents = table('documents', 'ingested file (one per distinct content)', 'Every file the pipeline has seen, including the ones that failed, with the document-level fields.', {
  doc_id: column(z.string(), { sql: 'VARCHAR', description: 'Document id: first 16 hex digits of the SHA-256 of the file content.', example: '8673c46da405b13e', primaryKey: true }),
  source_name: text('File name without folder; for a member of a ZIP bundle `bundle.zip!/folder/member.pdf`.', '000_8673c46da405b13e.pdf'),
  source_path: text('Path the file was read from; for a member of a ZIP bundle the bundle\'s path, `!/` and the member\'s path inside it.', 'data/samples/000_8673c46da405b13e.txt'),
  format: text('pdf, docx, doc (legacy Word, read through LibreOffice), txt, xlsx, xls (also WPS .et, through LibreOffice) or html, as told from the content, not the file name; a ZIP bundle member has its own format (null when the format could not be told).', 'pdf'),
  sha256: text('SHA-256 of the file content, hex.'),
  bytes: column(z.number().int().nullable(), { sql: 'BIGINT', description: 'File size in bytes.', example: 52311 }),
  pages: int('Page count (PDF only).', 24),
  status: text('ok, partial (loaded with problems, e.g. needs OCR), failed, skipped (not a disclosure: a stray file), duplicate (the same disclosure as duplicate_of, in another file or format) or removed (its file is gone from the source). Only ok and partial documents count in the views and sums.', 'ok'),
  error: text('Why the document failed or is partial.', 'encrypted PDF'),
  failed_stage: text('Stage that failed: read, sniff, extract, recognize, normalize, load, worker (parser crashed or timed out), crash (the process died while parsing it in an earlier run).', 'extract'),
  doc_type: text('budget (预算), final_accounts (决算), self_evaluation (a document of 绩效自评表 only: its 年初预算数 / 全年执行数 are a project\'s execution, never budget lines; kept out of sums over budget documents) or unknown.', 'budget'),
  title: text('Document title as printed.', '2022年部门预算'),
  fiscal_year: int('Fiscal year the document budgets for.', 2022),
  agency_code: text('Unit code printed before the agency name.', '320001'),
  agency_name: text('Agency (预算单位) name as printed.', '沧县就业服务局本级'),
  adcode: text('6-digit administrative division code (GB/T 2260) of the publishing government.', '130921'),
  province: text('Province.', '河北省'),
  city: text('Prefecture-level city.', '沧州市'),
  county: text('County-level unit; null for a city-level department.', '沧县'),
  pipeline_version: text('Version of budget-ingest that loaded the document.', '0.1.0'),
  cells_total: int('Coverage audit: non-empty cells of every table a recognizer read (绩效目标表, 部门整体绩效目标表, 批复表, budget tables, 政府采购 and 国有资产 tables). Null when the document has none.', 412),
  cells_read: int('Of cells_total, the cells whose text landed in a field (labels, headers, totals, 栏次 rows and page furniture such as 单位：万元 the reader understood count as read; an amount column under a header no rule knows does not). Every other cell has a cell-unread message.', 410),
  coverage: dbl('cells_read / cells_total. Under 0.98, or with an indicator column no field takes, the document is partial and error says why.', 0.995),
  loaded_at: column(z.date().nullable(), { sql: 'TIMESTAMP', description: 'When the document was loaded (UTC).' }),
  parsed_status: text('Outcome of parsing (ok, partial, failed, skipped), kept when status becomes duplicate or removed.', 'ok'),
  content_key: text('Hash of what the document says (year, place, agency, table numbers), whatever the format: equal keys are the same disclosure.', '3f0c…'),
  content_rows: int('Rows the document holds in the content tables (the richer copy of a disclosure is kept as primary).', 412),
  duplicate_of: text('For status duplicate: doc_id of the primary copy of the same disclosure.', '8673c46da405b13e'),
  status_reason: text('Why the document is a duplicate or removed, in words.', 'same disclosure as data/a/000.pdf (same year, place, agency and table numbers); docx kept as primary'),
  removed_at: column(z.date().nullable(), { sql: 'TIMESTAMP', description: 'When a run found the file gone from its source (UTC); null otherwise.' }),
  ocr_pages: int('Pages read by OCR from their scanned image (PDF pages without a text layer); null when none. Their text may hold recognition errors: ocr-low-confidence messages point at the doubtful pieces.', 6),
});

export const projects = table('projects', 'project (one 绩效目标表, or one project block of a 批复表)', 'Projects with their budgets and goals.', {
  doc_id: docId(),
  project_seq: int('Order of the project in the document, from 1.', 1),
  project_code: text('项目编码 as printed, spaces removed.', '13092122P00320410001B'),
  project_name: text('项目名称, whitespace removed.', '2022年服务外包劳务费'),
  category: text('项目类别 as printed.', '3-特定目标类'),
  layout: text('Table layout the project came from: target_table (绩效目标表) or approval_table (批复表).', 'target_table'),
  kind: text('project (a project\'s 绩效目标表 or 批复表 block), department (a department-wide 部门整体绩效目标表, loaded with its budget, goals and indicators), self_evaluation (a 项目支出绩效自评表: targets with the values achieved, scores and the budget\'s execution) or department_self_evaluation (a 部门整体支出绩效自评表). Sums over projects should filter kind = \'project\'.', 'project'),
  amount_unit_raw: text('Unit of the amounts as printed in the table or above it (元, 千元, 万元); the *_wan columns are converted from it. Null: none printed, amounts read as 万元.', '元'),
  budget_raw: text('预算数 as printed.', '25.59'),
  budget_wan: dbl('预算数 in 万元.', 25.59),
  fiscal_raw: text('其中：财政资金 as printed.', '25.59'),
  fiscal_wan: dbl('财政资金 in 万元.', 25.59),
  other_raw: text('其他资金 as printed.'),
  other_wan: dbl('其他资金 in 万元 (blank → null, printed 0 → 0).'),
  basic_raw: text('基本支出 as printed (department-wide tables).'),
  basic_wan: dbl('基本支出 in 万元.'),
  project_raw: text('项目支出 as printed (department-wide tables).'),
  project_wan: dbl('项目支出 in 万元.'),
  basic_info: text('基本信息 row of a department-wide table (财政供养人员数 | 750 | …), cells joined by " | ".'),
  purpose: text('资金用途 text.', '用于发放5名工作人员2022年劳务费'),
  goals: text('绩效目标 text (the year\'s goal where a long-term goal is printed beside it).', '1.劳务派遣5人充实办公力量'),
  goals_long: text('项目总目标 / 中期目标 printed beside or above the year\'s goal.'),
  unit_name: text('实施单位 / 预算单位 / 单位名称 / 部门名称 printed in the table.', '示范县养老服务指导中心'),
  department_name: text('主管部门 printed in the table.', '示范县民政局'),
  page: int('Page the project starts on (PDF).'),
  line: int('Line the project starts on (text, web page).'),
  block: int('Block of the DOCX body the project starts in: 1-based order of its paragraphs and tables.', 12),
  table_row: int('Row of that DOCX table the project starts on (1-based, header rows counted); null for a paragraph.', 1),
  cell: text('Spreadsheet row the project starts on: sheet and cell range (XLSX, XLS).', 'Sheet1!A5:M5'),
  // ---- self-evaluations (kind self_evaluation, department_self_evaluation) ----
  budget_initial_raw: text('Self-evaluation: 年初预算数 of the 年度资金总额 row, as printed (the budget passed at the start of the year).', '43.2'),
  budget_initial_wan: dbl('年初预算数 in 万元.', 43.2),
  budget_full_year_raw: text('Self-evaluation: 全年预算数 (调整后预算数: the budget after the year\'s adjustments and carry-overs), as printed.', '43.2'),
  budget_full_year_wan: dbl('全年预算数 in 万元.', 43.2),
  executed_raw: text('Self-evaluation: 全年执行数 (what was spent in the year), as printed.', '37.24'),
  executed_wan: dbl('全年执行数 in 万元.', 37.24),
  execution_rate_raw: text('Self-evaluation: 执行率 as printed.', '86%'),
  execution_rate: dbl('执行率 in percent: as printed, else executed_wan / budget_full_year_wan × 100 (message execution-rate-computed); a printed rate that disagrees is a message (execution-rate-mismatch).', 86.2),
  execution_detail: text('Self-evaluation: the other rows of the execution block (其中：当年财政拨款, 上年结转资金 …), cells joined by " | ", one line each.', '其中：当年财政拨款 | 43.2 | 43.2 | 37.24'),
  score_total_raw: text('Self-evaluation: 总分 (or the 得分 of the 合计 row) as printed.', '92'),
  score_total: dbl('总分 as a number.', 92),
  grade: text('Self-evaluation: 自评等级 / 评价等次 as printed.', '优'),
  goals_actual: text('Self-evaluation: 实际完成情况 of the year\'s goal (the goal itself, 预期目标, is in goals).', '城镇新增就业人数49358人'),
  evaluation_notes: text('Self-evaluation: 说明, 评价结论, 存在问题, 改进措施 … rows, "label: text", one per line.'),
  execution_max_score_raw: text('Self-evaluation: 分值 of the execution block (the points budget execution can earn) as printed.', '10'),
  execution_max_score: dbl('分值 of the execution block as a number.', 10),
  execution_score_raw: text('Self-evaluation: 得分 of the execution block as printed.', '8.4'),
  execution_score: dbl('得分 of the execution block as a number; with the indicators\' scores it adds up to score_total (else a score-total-mismatch message).', 8.4),
  bbox: bbox(),
  // ---- the 广东 部门整体绩效目标表's further splits of the department's budget ----
  dev_spend_raw: text('Department-wide table (广东 form): 事业发展性支出 as printed (the budget for developing the department\'s work: 财政专项资金 + 其他事业发展性支出).'),
  dev_spend_wan: dbl('事业发展性支出 in 万元.'),
  special_funds_raw: text('广东 form: 财政专项资金 as printed (part of 事业发展性支出).'),
  special_funds_wan: dbl('财政专项资金 in 万元.'),
  other_dev_raw: text('广东 form: 其他事业发展性支出 as printed.'),
  other_dev_wan: dbl('其他事业发展性支出 in 万元.'),
  own_level_raw: text('广东 form, 按预算级次划分: 本级使用资金 (省/市/县本级) as printed: what the department spends itself.'),
  own_level_wan: dbl('本级使用资金 in 万元.'),
  transfer_down_raw: text('广东 form, 按预算级次划分: 拟用于对下转移支付资金 as printed: what is passed down to lower governments.'),
  transfer_down_wan: dbl('拟用于对下转移支付资金 in 万元.'),
});

export const spendingPlan = table('spending_plan', 'milestone of a project\'s 资金支出计划', 'Planned cumulative spending by milestone.', {
  doc_id: docId(),
  project_seq: int('Project within the document.', 1),
  milestone: text('Milestone as printed.', '3月底'),
  pct_raw: text('Percentage as printed.', '25%'),
  pct: dbl('Percentage as a number.', 25),
});

export const indicators = table('indicators', 'row of a performance-indicator table', 'Performance indicators (绩效指标) with raw and normalized target values.', {
  doc_id: docId(),
  project_seq: int('Project within the document.', 1),
  indicator_seq: int('Order of the indicator within the project, from 1.', 1),
  level1: text('Canonical 一级指标.', '产出指标'),
  level2: text('Canonical 二级指标.', '数量指标'),
  level1_raw: text('一级指标 as printed.', '产出指标'),
  level2_raw: text('二级指标 as printed.', '数量指标'),
  level3: text('三级指标, whitespace removed.', '人员数量'),
  description: text('绩效指标描述 (null when the layout has no such column).', '安置工作人员数量'),
  value_raw: text('指标值 as printed (op, value and unit columns concatenated where split).', '≥98百分比'),
  unit_raw: text('度量单位 column as printed, where the layout has one.', '%'),
  basis: text('指标值确定依据.', '根据工作需要'),
  weight_raw: text('分值权重 as printed.', '20'),
  weight: dbl('分值权重 as a number.', 20),
  op: text('Normalized operator: >=, <=, >, <, =, range, text.', '>='),
  value: dbl('Normalized target value in the canonical unit.', 98),
  value_max: dbl('Upper bound of a range.', 28),
  unit: text('Canonical unit (%, 元, 人 …).', '%'),
  page: int('Page of the row (PDF).'),
  line: int('Line of the row (text, web page).'),
  direction: text('指标方向 column as printed (正向/反向), where the layout has one.', '正向'),
  remark: text('备注 (or 评分细则) column as printed, where the layout has one.'),
  value_note: text('Words printed after a numeric target and not part of it (brackets, explanations); null for text targets, whose words are in value_raw.', '(含)'),
  block: int('Block of the DOCX body the row is in: 1-based order of its paragraphs and tables.', 12),
  table_row: int('Row of that DOCX table (1-based, header rows counted).', 7),
  cell: text('Spreadsheet row: sheet and cell range (XLSX, XLS).', 'Sheet1!A13:L13'),
  // ---- self-evaluations: the value achieved beside the target ----
  actual_raw: text('Self-evaluation: 实际完成值 / 全年完成值 as printed.', '49358'),
  actual_op: text('Normalized operator of the actual value (like op; a bare number is =).', '='),
  actual_value: dbl('Actual value in the canonical unit (read with the row\'s 计量单位 like the target).', 49358),
  actual_value_max: dbl('Upper bound when the actual value is printed as a range.'),
  actual_unit: text('Canonical unit of the actual value.', '人'),
  score_raw: text('Self-evaluation: 得分 as printed.', '5'),
  score: dbl('得分 as a number.', 5),
  max_score: dbl('Self-evaluation: 分值, the points the indicator can earn (its weight).', 5),
  deviation_reason: text('Self-evaluation: 偏差原因分析及改进措施 (未完成原因分析) as printed.'),
  met: column(z.boolean().nullable(), { sql: 'BOOLEAN', description: 'Self-evaluation: the actual value reaches the target by its operator (≥, ≤, =, range); for a target in words, true when the actual repeats it or says it was reached (达成预期指标), false when it says it was not (未完成); null when it cannot be told (较有效 against 有效, units that differ, no actual value).', example: true }),
  bbox: bbox(),
});

export const budgetTables = table('budget_tables', 'department budget table found in a document', 'The standard budget tables (收支总表 … 三公经费表) found in each document.', {
  doc_id: docId(),
  table_seq: int('Order of the table in the document.', 1),
  table_name: text('Canonical table name.', '支出总表'),
  title: text('Title as printed.', '部门预算支出总表'),
  unit_raw: text('Printed unit of amounts.', '万元'),
  empty: column(z.boolean().nullable(), { sql: 'BOOLEAN', description: 'Printed as an empty table (空表列示).', example: false }),
  line_count: int('Data rows loaded into budget_lines (or budget_lines_supplementary).', 42),
  main: column(z.boolean().nullable(), { sql: 'BOOLEAN', description: 'A main table (收入总表, 支出总表, 基本支出表, 三公经费表) whose rows are in budget_lines; false: rows in budget_lines_supplementary.', example: true }),
  lines_table: text('Table holding this table\'s rows.', 'budget_lines'),
  doc_type: text('What the table\'s figures are: budget (预算) or final_accounts (决算: a 决算 document\'s table, or one titled …决算表).', 'budget'),
  cells_total: int('Coverage audit of this table: its non-empty printed cells (all its pages).', 120),
  cells_read: int('Of cells_total, the cells read into a field or understood (headers, 栏次, furniture); the others have cell-unread messages.', 120),
});

export const budgetTableColumns = table('budget_table_columns', 'amount column of a budget table', 'The printed header of every amount column, so nothing of the table\'s own wording is lost.', {
  doc_id: docId(),
  table_seq: int('Table within the document.', 1),
  column_seq: int('Order of the column.', 1),
  column_key: text('Stable column name used in budget_lines.', 'basic_wan'),
  header: text('Header text as printed.', '基本支出'),
});

const budgetLineShape = {
  doc_id: docId(),
  table_seq: int('Table within the document.', 3),
  line_seq: int('Row within the table.', 1),
  table_name: text('Canonical table name.', '支出总表'),
  code: text('Classification code (功能分类 or 经济分类), or null.', '2080101'),
  parent_code: text('Parent classification code.', '20801'),
  name: text('Row name as printed.', '行政运行'),
  total_wan: dbl('合计 / 预算数, 万元.', 2838.58),
  basic_wan: dbl('基本支出, 万元.'),
  project_wan: dbl('项目支出, 万元.'),
  personnel_wan: dbl('人员经费, 万元.'),
  public_wan: dbl('公用经费, 万元.'),
  fiscal_wan: dbl('财政拨款, 万元.'),
  special_account_wan: dbl('财政专户管理资金, 万元.'),
  other_wan: dbl('其他资金, 万元.'),
  carryover_wan: dbl('上年结转, 万元.'),
  amounts_json: column(z.string().nullable(), { sql: 'JSON', description: 'Every amount column of the row by stable key, 万元.' }),
  page: int('Page of the row (PDF).'),
  line: int('Line of the row (text).'),
  name_raw: text('Row label exactly as printed (name drops list numbering such as 一、 and 其中：).', '一、因公出国（境）费'),
  class_name: text('Current standard name of the classification code (older names map by code).', '卫生健康支出'),
  class_code: text('Classification code of the row: the printed code, or the 类 named by a row that prints no code (收支总表).', '210'),
  side: text('Side of a two-sided table (收支总表): 收入 or 支出 header of the row\'s name column.', '支出'),
  unit_raw: text('Printed unit of the table the amounts were converted from.', '元'),
  block: int('Block of the DOCX body the row is in: 1-based order of its paragraphs and tables.', 40),
  table_row: int('Row of that DOCX table (1-based, header rows counted).', 5),
  cell: text('Spreadsheet row: sheet and cell range (XLSX, XLS).', 'Sheet1!A7:F7'),
};

// ---- 决算 (final accounts) figures of a budget line (issue #15) ----
// A 决算 loads into the same tables as a budget; these columns hold what a 决算 prints beyond a
// budget (财政部 部门决算公开 template; the forms that print 年初预算数 | 调整预算数 | 决算数). Each
// figure is kept as printed (_raw) beside its 万元 value (_wan). Null in budget tables.
const finalAccountsLineColumns = {
  doc_type: text('What the figures are: budget (a 预算 table) or final_accounts (a 决算 table: of a 决算 document, or titled …决算表). Never add up rows of both.', 'final_accounts'),
  budget_initial_raw: text('年初预算数 as printed (决算 tables that print it).', '2,993.92'),
  budget_initial_wan: dbl('年初预算数, 万元: the budget as passed at the start of the year.', 2993.92),
  budget_full_raw: text('调整预算数 / 全年预算数 as printed (决算 tables that print it).', '3,010.00'),
  budget_full_wan: dbl('调整预算数 / 全年预算数, 万元: the budget after the year\'s adjustments.', 3010),
  budget_raw: text('预算数 printed in a 决算 table without saying 年初 or 全年 (the 三公经费支出决算表 prints 预算数 | 决算数 under each item).', '0.95'),
  budget_wan: dbl('That 预算数, 万元.', 0.95),
  final_raw: text('The row\'s 决算 figure as printed: its 决算数 column; in a 决算 table without one, its 合计 (本年支出合计, 本年收入合计), else its 本年支出 小计.', '2,106.66'),
  final_wan: dbl('The row\'s 决算 figure, 万元 (what was actually received or spent in the year).', 2106.66),
  carryover_raw: text('年初结转和结余 / 上年结转 as printed (carryover_wan is its 万元 value).', '49.14'),
  balance_end_raw: text('年末结转和结余 as printed (决算 tables).', '55.34'),
  balance_end_wan: dbl('年末结转和结余, 万元: what is carried into the next year.', 55.34),
  surplus_used_raw: text('使用非财政拨款结余 (含专用结余) / 用事业基金弥补收支差额 as printed, where a 决算 table has such a column.'),
  surplus_used_wan: dbl('That amount, 万元.'),
  surplus_allocated_raw: text('结余分配 (提取职工福利基金, 转入事业基金 …) as printed, where a 决算 table has such a column.'),
  surplus_allocated_wan: dbl('That amount, 万元.'),
};
/** Columns of budget_lines and budget_lines_supplementary: the budget line, then its 决算 figures. */
const budgetLineColumns = { ...budgetLineShape, ...finalAccountsLineColumns, bbox: bbox() };

export const budgetLines = table('budget_lines', 'data row of a department budget table', 'Rows of the main department budget tables (收入总表, 支出总表, 基本支出表, 三公经费表); amounts in 万元. A 决算 (final accounts) loads here too, table by table (支出决算表 is its 支出总表 …), with doc_type final_accounts.', budgetLineColumns);

export const budgetLinesSupplementary = table('budget_lines_supplementary', 'data row of a supplementary budget table',
  'Rows of the other budget tables (收支总表, 财政拨款收支总表, 一般公共预算支出表, 政府性基金/国有资本经营支出表, 机关运行经费表, …), which repeat a slice or summary of the main tables; same columns as budget_lines.', budgetLineColumns);

export const procurementItems = table('procurement_items', 'row of the 政府采购 table', 'Government procurement plan items.', {
  doc_id: docId(),
  item_seq: int('Row within the document.', 1),
  project: text('Project name.'),
  item: text('Procurement item.'),
  catalogue_code: text('Procurement catalogue code.'),
  unit: text('Unit of quantity.'),
  quantity: dbl('Quantity.'),
  unit_price_wan: dbl('Unit price, 万元.'),
  amount_wan: dbl('Amount, 万元.'),
  raw_json: column(z.string().nullable(), { sql: 'JSON', description: 'The row as printed, by column.' }),
});

export const fixedAssets = table('fixed_assets', 'row of the 国有资产 table', 'State-owned assets held or planned.', {
  doc_id: docId(),
  item_seq: int('Row within the document.', 1),
  category: text('Asset category.'),
  name: text('Asset name.'),
  unit: text('Unit.'),
  quantity: dbl('Quantity.'),
  amount_wan: dbl('Value, 万元.'),
  raw_json: column(z.string().nullable(), { sql: 'JSON', description: 'The row as printed, by column.' }),
});

export const messages = table('messages', 'problem found while processing a document', 'Per-document problems with their location, kept with the data.', {
  doc_id: docId(),
  message_seq: int('Order within the document.', 1),
  severity: text('error, warning or info.', 'warning'),
  stage: text('Stage that reported it.', 'check'),
  rule: text('Rule id.', 'weights-sum'),
  text: text('The message.', '指标权重合计 95，不是 100'),
  location: text('Where in the source: page and box (PDF), line (text), line:column (web page), sheet and cell (spreadsheet).', 'p.3 [72,540,210,552]'),
  page: int('Page (PDF).'),
  line: int('Line (text, web page).'),
  block: int('Block of the DOCX body (1-based order of its paragraphs and tables); table, row and column are in location.', 12),
  cell: text('Sheet and cell or range (spreadsheet).', 'Sheet1!C35'),
});

// The run log, written by batch runs and merges (src/pipeline/runlog.ts), not by the loader.
const timestamp = (description: string) => column(z.date().nullable(), { sql: 'TIMESTAMP', description });

export const runs = table('runs', 'batch run (`run`, `ingest`) or merge', 'The run log: when each run started and ended, how it ended, and what it did with the files it found.', {
  run_id: column(z.string(), { sql: 'VARCHAR', description: 'Run id: start time (UTC) and a random suffix; merges contain -merge-.', example: '20261122T101500Z-3fa2c1', primaryKey: true }),
  pipeline: text('Pipeline name (pipelines/NAME.json), ingest, or merge.', 'samples'),
  pipeline_version: text('Version of budget-ingest that ran.', '0.1.0'),
  started_at: timestamp('When the run started (UTC).'),
  finished_at: timestamp('When the run ended (UTC); null while running or when killed.'),
  status: text('running, ok, some_failed, interrupted (killed or crashed; marked by the next run) or fatal.', 'ok'),
  host: text('Host name of the machine that ran it.'),
  pid: int('Process id of the run.'),
  shard: text('K/N when run with --shard K/N.', '1/4'),
  options: text('The run\'s options as JSON (merge: its inputs).', '{"full":false,"workers":2,"files":5}'),
  files: int('Files found by the sources (after the shard filter); merge: documents in the inputs.', 5),
  new_docs: int('Documents loaded for the first time.', 5),
  unchanged: int('Files skipped because the same content was already loaded by this version.', 0),
  replaced: int('Documents whose file changed at the same path (old content replaced).', 0),
  reparsed: int('Documents parsed again because another pipeline version loaded them (or --full).', 0),
  failed: int('Documents of this run with status failed (listed in failures).', 0),
  duplicates: int('Files whose content was already loaded under another name, or that hold the same disclosure as another document (status duplicate).', 0),
  error: text('Why the run ended fatal or interrupted.'),
  ok: int('Documents of this run with status ok.', 5),
  partial: int('Documents of this run with status partial.', 0),
  skipped: int('Files skipped as not a disclosure (status skipped).', 0),
  removed: int('Documents marked removed: their file is gone from the run\'s sources.', 0),
  moved: int('Documents whose file was renamed or moved within the sources (path updated, not parsed again).', 0),
  transactions: int('Transactions that wrote documents: one per write batch, plus one per document retried alone after its batch failed; null for merges and runs before this column.', 3),
});

export const duplicates = table('duplicates', 'file whose content is already loaded under another path', 'Files seen with the same content as a loaded document; they are not loaded again (listed in failures as dedupe).', {
  source_path: column(z.string(), { sql: 'VARCHAR', description: 'Path of the duplicate file.', example: 'data/incoming/copy of 3.pdf', primaryKey: true }),
  source_name: text('File name without folder.', 'copy of 3.pdf'),
  sha256: text('SHA-256 of the file content, hex.'),
  doc_id: text('The document already loaded with this content.', '8673c46da405b13e'),
  duplicate_of: text('source_path of that document.', 'data/incoming/3.pdf'),
  seen_at: timestamp('When the duplicate was seen (UTC).'),
});

/** Tables of the run log, created by a batch run or a merge. */
export const runLogTables: TableSpec[] = [runs, duplicates];

/** Tables holding per-document rows, in load order. `documents` comes first. */
export const documentTables: TableSpec[] = [documents, projects, spendingPlan, indicators, budgetTables, budgetTableColumns, budgetLines, budgetLinesSupplementary, procurementItems, fixedAssets, messages];

export function createTableSql(spec: TableSpec): string {
  const cols = Object.entries(spec.row.shape).map(([name, schema]) => {
    const meta = columnMeta(schema as z.ZodType);
    return `"${name}" ${meta.sql}${meta.primaryKey ? ' PRIMARY KEY' : ''}`;
  });
  return `CREATE TABLE IF NOT EXISTS "${spec.name}" (${cols.join(', ')})`;
}

/**
 * ALTER statements adding the columns of `spec` a table made by an older version lacks. Columns
 * are only ever added at the end of a table's spec, so the appender's column order still holds.
 */
export function addMissingColumnsSql(spec: TableSpec, existing: ReadonlySet<string>): string[] {
  if (existing.size === 0) return [];
  return Object.entries(spec.row.shape)
    .filter(([name]) => !existing.has(name))
    .map(([name, schema]) => `ALTER TABLE "${spec.name}" ADD COLUMN IF NOT EXISTS "${name}" ${columnMeta(schema as z.ZodType).sql}`);
}

export type Row<T extends TableSpec> = z.infer<T['row']>;
