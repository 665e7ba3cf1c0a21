// Recognizers: read the hast tree (format-blind) and produce the raw document record.
import type { Root } from 'hast';
import type { VFile } from 'vfile';
import type { RawDocument } from '../records.ts';
import { recognizeApprovalTables } from './approval-table.ts';
import { recognizeBudgetTables } from './budget-tables/index.ts';
import { recognizeDocumentFields } from './document.ts';
import { documentStream } from './stream.ts';
import { recognizeTargetTables } from './target-table.ts';
import { reportUnrecognizedTables } from './unrecognized-tables.ts';

export function recognize(tree: Root, file: VFile): RawDocument {
  const stream = documentStream(tree);
  const fields = recognizeDocumentFields(stream);
  // 批复表 first: the tables it claims are not read again as 绩效目标表.
  const approval = recognizeApprovalTables(stream, file);
  const target = recognizeTargetTables(stream, file, approval.tables);
  const projects = [...approval.projects, ...target.projects].sort((a, b) => a.at - b.at)
    .map(({ project }, i) => ({ ...project, project_seq: i + 1 }));
  if (!fields.agency_code && approval.agency) {
    fields.agency_code = approval.agency.code;
    fields.agency_name = approval.agency.name;
  }
  const budgetUsed = new Set<number>();
  // Department budget tables, 政府采购 and 国有资产 tables (./budget-tables/).
  const budget = recognizeBudgetTables(tree, file, fields.doc_type, budgetUsed);
  // A 决算 says once that its tables are not loaded; otherwise every table nobody read is named.
  if (fields.doc_type !== 'final_accounts') reportUnrecognizedTables(stream, file, [approval.tables, target.tables, budgetUsed]);
  return {
    ...fields,
    projects,
    ...(approval.total !== null ? { projects_total_raw: approval.total } : {}),
    ...budget,
  };
}
