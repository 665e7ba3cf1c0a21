// Records passed between stages, as zod schemas; the TypeScript types are derived from them.
//   extract → hast tree (src/ir)  →  recognize → RawDocument  →  normalize → NormalizedDocument
//   → load (DuckDB tables of CONTRACT.md).
// Raw fields keep the printed wording (layout whitespace inside Chinese removed); normalized
// fields sit beside them and are null until the normalizer fills them.
import { z } from 'zod';

export const SourceRefSchema = z.object({
  line: z.number().int().optional(),
  endLine: z.number().int().optional(),
  page: z.number().int().optional(),
  endPage: z.number().int().optional(),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
  index: z.number().int().optional(),
  paragraph: z.number().int().optional(),
  table: z.number().int().optional(),
  row: z.number().int().optional(),
  column: z.number().int().optional(),
  cell: z.string().optional(),
});

const str = z.string().nullable();
const num = z.number().nullable();

// ---------- recognizer output ----------

export const RawIndicatorSchema = z.object({
  indicator_seq: z.number().int().positive(),
  level1_raw: str,
  level2_raw: str,
  level3: str,
  description: str,
  /** 指标值 as printed; for layouts with separate op/value/unit columns, their concatenation. */
  value_raw: str,
  /** Printed 度量单位 column, when the layout has one (批复表). */
  unit_raw: str.default(null),
  basis: str,
  weight_raw: str,
  source: SourceRefSchema.optional(),
  /** 指标方向 column as printed (正向/反向), where the layout has one. */
  direction: str.default(null),
  /** 备注 (or 评分细则) column as printed, where the layout has one. */
  remark: str.default(null),
  // ---- self-evaluations (绩效自评表): what was achieved beside the target ----
  /** 实际完成值 / 全年完成值 as printed (a self-evaluation's column beside the target). */
  actual_raw: str.optional(),
  /** 得分 as printed. The indicator's 分值 (the points it can earn) is weight_raw. */
  score_raw: str.optional(),
  /** 偏差原因分析及改进措施 (未完成原因分析 …) as printed. */
  deviation_reason: str.optional(),
});

export const RawSpendingPlanSchema = z.object({
  milestone: z.string(),
  pct_raw: str,
});

export const RawProjectSchema = z.object({
  project_seq: z.number().int().positive(),
  project_code: str,
  project_name: z.string(),
  category: str,
  budget_raw: str,
  fiscal_raw: str,
  other_raw: str,
  /** 资金用途 / purpose text. */
  purpose: str,
  goals: str,
  /** null when the document gives no 资金支出计划 for the project. */
  spending_plan: z.array(RawSpendingPlanSchema).nullable(),
  indicators: z.array(RawIndicatorSchema),
  /** Which layout the project came from: `target_table` (绩效目标表) or `approval_table` (批复表). */
  layout: z.string(),
  source: SourceRefSchema.optional(),
  /** `project`, or `department` for a department-wide target table (部门整体绩效目标表). */
  kind: z.enum(['project', 'department', 'self_evaluation', 'department_self_evaluation']).default('project'),
  /** Unit of the amounts as printed (`元`, `千元`, `万元`) where the table or a line above it names one. */
  amount_unit_raw: str.default(null),
  /** The long-term goal (项目总目标, 中期目标) printed beside or above the year's goal, which is `goals`. */
  goals_long: str.default(null),
  /** 实施单位 / 预算单位 / 单位名称 / 部门名称 printed in the table. */
  unit_name: str.default(null),
  /** Budget split of a department-wide table: 基本支出 and 项目支出 as printed. */
  basic_raw: str.default(null),
  project_raw: str.default(null),
  /** The 广东 form's further splits, as printed: 事业发展性支出, its 财政专项资金 and 其他事业发展性支出, and by budget level 本级使用资金 and 拟用于对下转移支付资金. */
  dev_spend_raw: str.optional(),
  special_funds_raw: str.optional(),
  other_dev_raw: str.optional(),
  own_level_raw: str.optional(),
  transfer_down_raw: str.optional(),
  /** 基本信息 row of a department-wide table (财政供养人员数 | 750 | …), cells joined by ` | `. */
  basic_info: str.default(null),
  /** 主管部门 printed in the table. */
  department_name: str.default(null),
  // ---- self-evaluations (项目支出/部门整体支出绩效自评表): the budget's execution and the verdict ----
  /** 年初预算数, 全年预算数 (调整后预算数), 全年执行数 and 执行率 of the 年度资金总额 row, as printed. */
  budget_initial_raw: str.optional(),
  budget_full_year_raw: str.optional(),
  executed_raw: str.optional(),
  execution_rate_raw: str.optional(),
  /** 分值 and 得分 of the execution block (the points budget execution can earn, and earned). */
  execution_max_score_raw: str.optional(),
  execution_score_raw: str.optional(),
  /** Other rows of the execution block (其中：财政拨款 | 43.2 | 43.2 | 37.24 …), cells joined by ` | `, one line each. */
  execution_detail: str.optional(),
  /** 总分 (the score of the whole self-evaluation) and 自评等级 / 评价等次, as printed. */
  score_total_raw: str.optional(),
  grade: str.optional(),
  /** 实际完成情况 of the year's goal (beside 预期目标, which is `goals`). */
  goals_actual: str.optional(),
  /** 说明, 评价结论, 存在问题, 改进措施 … rows of a self-evaluation: `label: text`, one per line. */
  evaluation_notes: str.optional(),
});

/** Project kinds of self-evaluations (绩效自评表): indicators carry actual values and scores. */
export const SELF_EVALUATION_KINDS = ['self_evaluation', 'department_self_evaluation'] as const;
export function isSelfEvaluationKind(kind: string): boolean {
  return (SELF_EVALUATION_KINDS as readonly string[]).includes(kind);
}
/** Department-wide kinds (部门整体 target table or self-evaluation): their budget is the department's. */
export function isDepartmentKind(kind: string): boolean {
  return kind === 'department' || kind === 'department_self_evaluation';
}

/** One amount column of a budget table: stable key (e.g. `basic_wan`) and the printed header. */
export const BudgetColumnSchema = z.object({
  key: z.string(),
  header: z.string(),
});

export const RawBudgetLineSchema = z.object({
  line_seq: z.number().int().positive(),
  code: str,
  name: str,
  /** Amounts as printed, by stable column key. */
  amounts_raw: z.record(z.string(), str),
  source: SourceRefSchema.optional(),
  /** Row label exactly as printed (name strips list numbering: 一、因公出国（境）费 → 因公出国（境）费). */
  name_raw: str.default(null),
  /** Side of a two-sided table (收支总表): header of the name column, e.g. 收入 / 支出. */
  side: str.default(null),
});

export const RawBudgetTableSchema = z.object({
  table_seq: z.number().int().positive(),
  /** Canonical short name: 收支总表, 收入总表, 支出总表, 财政拨款收支总表, 一般公共预算支出表, 基本支出表, … */
  table_name: z.string(),
  title: z.string(),
  /** Printed unit of the amounts (万元 or 元). */
  unit_raw: str,
  columns: z.array(BudgetColumnSchema),
  lines: z.array(RawBudgetLineSchema),
  /** Printed as an empty table (注：…空表列示). */
  empty: z.boolean(),
  source: SourceRefSchema.optional(),
  /**
   * Main tables (收入总表, 支出总表, 基本支出表, 三公经费表) load into budget_lines; the others
   * (收支总表, 财政拨款收支总表, 一般公共预算支出表, …) into budget_lines_supplementary.
   */
  main: z.boolean().default(true),
  /** Coverage audit of this table's cells (absent or null: not audited). */
  cells_total: z.number().int().nullable().optional(),
  cells_read: z.number().int().nullable().optional(),
  /** The printed 合计 row, by column key (checks compare the lines with it). */
  total_raw: z.record(z.string(), str).nullable().default(null),
  /** What the figures are: budget (预算) or final_accounts (决算: a 决算 document, or a table titled …决算表). */
  doc_type: z.enum(['budget', 'final_accounts', 'unknown']).default('unknown'),
});

export const RawDocumentSchema = z.object({
  title: str,
  /** 预算 (budget), 决算 (final accounts), or unknown. */
  doc_type: z.enum(['budget', 'final_accounts', 'unknown']),
  fiscal_year_raw: str,
  agency_code: str,
  agency_name: str,
  /** Text near the start of the document (titles, headers) used as evidence for region and year. */
  lead_text: z.string(),
  projects: z.array(RawProjectSchema),
  budget_tables: z.array(RawBudgetTableSchema),
  /** 政府采购 rows and 国有资产 rows, column key → printed text. */
  procurement_items: z.array(z.record(z.string(), str)),
  fixed_assets: z.array(z.record(z.string(), str)),
  /** Printed total of the project budgets (合计 row of a 批复表), in 万元; the normalizer checks the projects add up to it. */
  projects_total_raw: str.optional(),
  /** Coverage audit of the target tables: non-empty cells, and the cells that landed in a field (null: no table audited). */
  cells_total: z.number().int().nullable().default(null),
  cells_read: z.number().int().nullable().default(null),
  /** Why the audit finds the reading incomplete (a column no field takes …); makes the document partial. */
  coverage_problems: z.array(z.string()).default([]),
});

// ---------- normalizer output ----------

export const OpSchema = z.enum(['>=', '<=', '>', '<', '=', 'range', 'text']);

export const NormalizedValueSchema = z.object({
  op: OpSchema,
  value: num,
  value_max: num,
  unit: str,
});

export const NormIndicatorSchema = RawIndicatorSchema.extend({
  level1: str,
  level2: str,
  weight: num,
  ...NormalizedValueSchema.shape,
  /** Words printed beside a numeric target and not part of it (（含）, （促进…）); null for text values. */
  value_note: str.default(null),
  // ---- self-evaluations: the actual value normalized like the target, scores, and the verdict ----
  actual_op: OpSchema.nullable().optional(),
  actual_value: num.optional(),
  actual_value_max: num.optional(),
  actual_unit: str.optional(),
  score: num.optional(),
  /** 分值 of a self-evaluation row: the points the indicator can earn (its weight). */
  max_score: num.optional(),
  /** Whether the actual value reaches the target by its operator (src/normalize/met.ts); null when it cannot be told. */
  met: z.boolean().nullable().optional(),
});

export const NormSpendingPlanSchema = RawSpendingPlanSchema.extend({ pct: num });

export const NormProjectSchema = RawProjectSchema.extend({
  budget_wan: num,
  fiscal_wan: num,
  other_wan: num,
  basic_wan: num.default(null),
  project_wan: num.default(null),
  dev_spend_wan: num.optional(),
  special_funds_wan: num.optional(),
  other_dev_wan: num.optional(),
  own_level_wan: num.optional(),
  transfer_down_wan: num.optional(),
  budget_initial_wan: num.optional(),
  budget_full_year_wan: num.optional(),
  executed_wan: num.optional(),
  /** 执行率 in percent: as printed, else 全年执行数 / 全年预算数 × 100. */
  execution_rate: num.optional(),
  score_total: num.optional(),
  execution_max_score: num.optional(),
  execution_score: num.optional(),
  spending_plan: z.array(NormSpendingPlanSchema).nullable(),
  indicators: z.array(NormIndicatorSchema),
});

export const NormBudgetLineSchema = RawBudgetLineSchema.extend({
  /** Amounts in 万元 by stable column key (元 tables are divided by 10000). */
  amounts_wan: z.record(z.string(), num),
  /** Parent codes of a classification code (3/5 digits), when the code is one. */
  parent_code: str.default(null),
  /** Current standard name of the code (older names such as 医疗卫生与计划生育支出 map by code). */
  class_name: str.default(null),
  /** Classification code of the row: the printed code, or the 类 whose name (of any year) the row prints. */
  class_code: str.default(null),
});

export const NormBudgetTableSchema = RawBudgetTableSchema.extend({
  lines: z.array(NormBudgetLineSchema),
});

export const RegionSchema = z.object({
  adcode: str,
  province: str,
  city: str,
  county: str,
});

export const NormalizedDocumentSchema = RawDocumentSchema.extend({
  /**
   * The recognizer's budget / final_accounts / unknown, or self_evaluation: a document holding only
   * 绩效自评表 (decided by the normalizer, src/normalize/doc-type.ts).
   */
  doc_type: z.enum(['budget', 'final_accounts', 'self_evaluation', 'unknown']),
  fiscal_year: z.number().int().nullable(),
  region: RegionSchema,
  projects: z.array(NormProjectSchema),
  budget_tables: z.array(NormBudgetTableSchema),
});

// ---------- what the loader stores about each file ----------

export const MessageRecordSchema = z.object({
  message_seq: z.number().int(),
  severity: z.enum(['error', 'warning', 'info']),
  stage: z.string(),
  rule: z.string(),
  text: z.string(),
  location: str,
  page: num,
  line: num,
  /** DOCX body block (1-based); optional so records written before it still parse. */
  block: num.optional(),
  cell: str,
});

export const FormatSchema = z.enum(['pdf', 'docx', 'txt', 'doc', 'xlsx', 'xls', 'html']);

export const DocumentInfoSchema = z.object({
  doc_id: z.string(),
  source_name: z.string(),
  source_path: z.string(),
  format: FormatSchema.nullable(),
  sha256: z.string(),
  bytes: z.number().int(),
  pages: z.number().int().nullable(),
  /**
   * Outcome of parsing: ok, partial (loaded with errors or needs OCR), failed, or skipped (not a
   * disclosure: a stray file). The loader may later set documents.status to duplicate or removed
   * (src/pipeline/reconcile.ts); this outcome stays in documents.parsed_status.
   */
  status: z.enum(['ok', 'partial', 'failed', 'skipped']),
  /** Short reason for failed/partial, e.g. `needs OCR`, `encrypted PDF`. */
  error: str,
  /** Stage that failed: read, extract, recognize, normalize, load. */
  failed_stage: str,
  pipeline_version: z.string(),
  /** Hash of what the document says, whatever its format (src/pipeline/fingerprint.ts); null when nothing to compare. */
  content_key: str.optional(),
  /** Rows the document puts in the content tables. */
  content_rows: z.number().int().nullable().optional(),
  /** Pages read by OCR from their image (scanned pages without a text layer). */
  ocr_pages: z.number().int().nullable().optional(),
});

export const ProcessedDocumentSchema = z.object({
  info: DocumentInfoSchema,
  record: NormalizedDocumentSchema.nullable(),
  messages: z.array(MessageRecordSchema),
});

export type SourceRefRecord = z.infer<typeof SourceRefSchema>;
export type RawIndicator = z.infer<typeof RawIndicatorSchema>;
export type RawProject = z.infer<typeof RawProjectSchema>;
export type RawBudgetTable = z.infer<typeof RawBudgetTableSchema>;
export type RawBudgetLine = z.infer<typeof RawBudgetLineSchema>;
export type RawDocument = z.infer<typeof RawDocumentSchema>;
export type NormalizedValue = z.infer<typeof NormalizedValueSchema>;
export type NormIndicator = z.infer<typeof NormIndicatorSchema>;
export type NormProject = z.infer<typeof NormProjectSchema>;
export type NormBudgetTable = z.infer<typeof NormBudgetTableSchema>;
export type NormBudgetLine = z.infer<typeof NormBudgetLineSchema>;
export type Region = z.infer<typeof RegionSchema>;
export type NormalizedDocument = z.infer<typeof NormalizedDocumentSchema>;
export type MessageRecord = z.infer<typeof MessageRecordSchema>;
export type Format = z.infer<typeof FormatSchema>;
export type DocumentInfo = z.infer<typeof DocumentInfoSchema>;
export type ProcessedDocument = z.infer<typeof ProcessedDocumentSchema>;
