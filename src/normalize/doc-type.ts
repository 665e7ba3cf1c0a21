// What a document is, once its tables are read. The recognizer tells a 预算 from a 决算 by the
// words of its title and lead text; a self-evaluation (绩效自评表) prints 年初预算数 / 全年预算数 and
// is often titled 部门预算项目支出绩效自评表, so those words would call it a budget, and sums over
// budget documents would take in its amounts. A document whose content is self-evaluations only
// (no budget tables, no target tables) is a self_evaluation; a 决算 or budget document that carries
// self-evaluations among its tables keeps its type (its projects say self_evaluation by their kind).
import { isSelfEvaluationKind, type NormalizedDocument, type RawDocument } from '../records.ts';

export function documentType(raw: Pick<RawDocument, 'doc_type' | 'projects' | 'budget_tables'>): NormalizedDocument['doc_type'] {
  if (raw.doc_type === 'final_accounts') return raw.doc_type;
  const onlySelfEvaluations = raw.projects.length > 0 && raw.projects.every((p) => isSelfEvaluationKind(p.kind)) && raw.budget_tables.length === 0;
  return onlySelfEvaluations ? 'self_evaluation' : raw.doc_type;
}
