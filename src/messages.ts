// Per-document problems are vfile messages with a source position; they are stored with the
// data (the `messages` table) rather than printed and lost.
import type { VFile } from 'vfile';
import { VFileMessage } from 'vfile-message';
import type { SourceRef } from './ir/nodes.ts';
import type { MessageRecord } from './records.ts';

declare module 'vfile-message' {
  interface VFileMessage {
    sourceRef?: SourceRef;
  }
}

export type Severity = 'error' | 'warning' | 'info';

export interface ReportOptions {
  /** Pipeline stage that found the problem: extract, recognize, normalize, check, load. */
  stage: string;
  /** Short stable id of the rule, e.g. `weights-sum`, `value-ambiguous`. */
  rule: string;
  severity?: Severity;
  source?: SourceRef;
}

/** Record a problem on the document's vfile. */
export function report(file: VFile, text: string, options: ReportOptions): VFileMessage {
  const msg = new VFileMessage(text, { source: options.stage, ruleId: options.rule });
  msg.file = file.path ?? '';
  msg.fatal = options.severity === 'error' ? true : options.severity === 'info' ? undefined : false;
  if (options.source) {
    msg.sourceRef = options.source;
    if (options.source.line) msg.place = { line: options.source.line, column: options.source.column ?? 1 };
  }
  file.messages.push(msg);
  return msg;
}

/**
 * Human-readable location: `p.3 [72,540,210,552]`, `line 120`, `line 12:5` (web page), `Sheet1!C35`,
 * and for DOCX (1-based, as a reader counts) `table 2 row 5 col 3`, `paragraph 12` or `block 14`.
 */
export function formatLocation(ref: SourceRef | undefined): string | null {
  if (!ref) return null;
  if (ref.cell !== undefined) return ref.cell;
  if (ref.page !== undefined) {
    const pages = ref.endPage && ref.endPage !== ref.page ? `p.${ref.page}-${ref.endPage}` : `p.${ref.page}`;
    return ref.bbox ? `${pages} [${ref.bbox.map((v) => Math.round(v)).join(',')}]` : pages;
  }
  if (ref.line !== undefined && ref.column !== undefined && !(ref.endLine && ref.endLine !== ref.line)) return `line ${ref.line}:${ref.column}`;
  if (ref.line !== undefined) return ref.endLine && ref.endLine !== ref.line ? `lines ${ref.line}-${ref.endLine}` : `line ${ref.line}`;
  if (ref.table !== undefined) {
    const at = ref.row !== undefined ? ` row ${ref.row}${ref.column !== undefined ? ` col ${ref.column}` : ''}` : '';
    return `table ${ref.table + 1}${at}`;
  }
  if (ref.paragraph !== undefined) return `paragraph ${ref.paragraph + 1}`;
  if (ref.index !== undefined) return `block ${ref.index + 1}`;
  return null;
}

/** 1-based block (paragraph or table) of the DOCX body a source points into, or null. */
export function blockOf(ref: SourceRef | undefined): number | null {
  return ref?.index !== undefined ? ref.index + 1 : null;
}

export function severityOf(msg: VFileMessage): Severity {
  return msg.fatal === true ? 'error' : msg.fatal === false ? 'warning' : 'info';
}

/** The vfile's messages as rows for the `messages` table. */
export function messageRecords(file: VFile): MessageRecord[] {
  return file.messages.map((m, i) => ({
    message_seq: i + 1,
    severity: severityOf(m),
    stage: m.source ?? 'unknown',
    rule: m.ruleId ?? 'unknown',
    text: m.reason,
    location: formatLocation(m.sourceRef),
    page: m.sourceRef?.page ?? null,
    line: m.sourceRef?.line ?? null,
    block: blockOf(m.sourceRef),
    cell: m.sourceRef?.cell ?? null,
  }));
}
