// Version of the pipeline recorded with every document, so documents loaded by an older
// pipeline can be found and re-parsed. Bump PIPELINE_VERSION when extraction or recognition
// changes what gets loaded.
import { createRequire } from 'node:module';

const pkg = createRequire(import.meta.url)('../package.json') as { version: string };

export const PACKAGE_VERSION: string = pkg.version;
// p2: spreadsheets and web pages are read, and files are sniffed by content (files refused before now load).
// p3: 决算 (final accounts) tables are loaded (a 决算 loaded before now has none).
// p4: a document of self-evaluations only is doc_type self_evaluation (was budget: its lead text says 预算);
//     blanks of a 三公 决算表 are 0.
// p5: the 广东 部门整体绩效目标表's further budget splits (事业发展性支出, 按预算级次划分) and its 其他需完成的任务 block are read;
//     PDF borderless tables with left-aligned columns and centred merged labels are tables (were paragraphs).
// p6: PDF borderless tables with right-aligned amount columns (budget tables printed from Excel/WPS with the
//     borders off) are tables with their header, wrapped names and blanks (were paragraphs or misread grids).
export const PIPELINE_VERSION = `${pkg.version}+p6`;
