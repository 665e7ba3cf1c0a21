// docs/data-dictionary.md, generated from the table declarations (src/load/tables.ts) and the
// view declarations (src/query/views.ts), so the documentation cannot drift from the schema.
import type { z } from 'zod';
import { columnMeta, documentTables, runLogTables, type ColumnMeta, type TableSpec } from '../load/tables.ts';
import { runLogViews, views, type ViewSpec } from './views.ts';

export const DICTIONARY_PATH = 'docs/data-dictionary.md';

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function example(v: unknown): string {
  if (v === undefined || v === null) return '';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return `\`${cell(text).replace(/`/g, "'")}\``;
}

function typeOf(meta: ColumnMeta): string {
  return meta.primaryKey ? `${meta.sql} (primary key)` : meta.sql;
}

function tableSection(spec: TableSpec): string {
  const rows = Object.entries(spec.row.shape).map(([name, schema]) => {
    const meta = columnMeta(schema as z.ZodType);
    return `| \`${name}\` | ${typeOf(meta)} | ${cell(meta.description)} | ${example(meta.example)} |`;
  });
  return [
    `### ${spec.name}`,
    '',
    `${spec.description} One row per ${spec.grain}.`,
    '',
    '| column | type | meaning | example |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function viewSection(view: ViewSpec): string {
  const rows = view.columns.map((c) => `| \`${c.name}\` | ${typeOf(c.meta)} | ${cell(c.meta.description)} | ${c.from ? `\`${c.from}\`` : 'computed'} | ${example(c.meta.example)} |`);
  return [
    `### ${view.name}`,
    '',
    `${view.description} One row per ${view.grain}.`,
    '',
    '| column | type | meaning | from | example |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export function dataDictionaryMarkdown(): string {
  const overview = [
    '| name | kind | one row per |',
    '|---|---|---|',
    ...documentTables.map((t) => `| [\`${t.name}\`](#${t.name}) | table | ${cell(t.grain)} |`),
    ...views.map((v) => `| [\`${v.name}\`](#${v.name}) | view | ${cell(v.grain)} |`),
    ...runLogTables.map((t) => `| [\`${t.name}\`](#${t.name}) | table (run log) | ${cell(t.grain)} |`),
    ...runLogViews.map((v) => `| [\`${v.name}\`](#${v.name}) | view (run log) | ${cell(v.grain)} |`),
  ];
  return [
    '# Data dictionary',
    '',
    '<!-- Generated from src/load/tables.ts and src/query/views.ts by `npm run dictionary` (scripts/gen-data-dictionary.ts).',
    '     Do not edit by hand: test/query-dictionary.test.ts fails when this file is out of date. -->',
    '',
    'Every table carries `doc_id` (the first 16 hex digits of the source file\'s SHA-256), so any row can be',
    'traced to its document. Amounts ending in `_wan` are in 万元; normalized indicator values are in the',
    'canonical unit given in `unit` (money in 元). Raw columns keep the document\'s wording.',
    'The views join the tables for the common questions; see [researchers.md](researchers.md) for examples.',
    '',
    ...overview,
    '',
    '## Tables',
    '',
    ...documentTables.flatMap((t) => [tableSection(t), '']),
    '## Views',
    '',
    'Created with the tables (`CREATE OR REPLACE VIEW`), so they follow new data without a rebuild.',
    '',
    ...views.flatMap((v) => [viewSection(v), '']),
    '## Run log',
    '',
    'Written by batch runs (`run`, `ingest`) and merges, not per document; see [operations.md](operations.md).',
    '',
    ...runLogTables.flatMap((t) => [tableSection(t), '']),
    ...runLogViews.flatMap((v) => [viewSection(v), '']),
  ].join('\n');
}
