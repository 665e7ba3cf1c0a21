// Exports of any explorer view: CSV with a UTF-8 byte-order mark (so Excel on Chinese Windows
// reads it as UTF-8, not GBK), XLSX, and Parquet. Parquet is written by DuckDB's own writer on a
// fresh locked-down connection whose only writable place is a private temporary folder (as
// `query --format parquet` does): the database stays read-only, the file is streamed to the
// browser and the folder removed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ResolvedQuery } from '../query/named.ts';
import { toCsv } from '../query/format.ts';
import { openForServing } from '../query/open.ts';
import { copyQueryToParquet, runQuery } from '../query/run.ts';
import { toXlsx } from './xlsx.ts';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  parquet: 'application/vnd.apache.parquet',
};

const BOM = '\ufeff';

export async function exportQuery(dbPath: string, query: ResolvedQuery, format: ExportFormat, name: string, timeoutMs: number): Promise<Buffer> {
  if (format === 'parquet') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'budget-explorer-export-'));
    try {
      const db = await openForServing(dbPath, { timeoutMs, writeDir: dir });
      try {
        const file = path.join(dir, 'result.parquet');
        await copyQueryToParquet(db, query.sql, query.params, file);
        return fs.readFileSync(file);
      } finally {
        db.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const db = await openForServing(dbPath, { timeoutMs });
  let result;
  try {
    result = await runQuery(db, query.sql, query.params);
  } finally {
    db.close();
  }
  if (format === 'csv') return Buffer.from(BOM + toCsv(result), 'utf8');
  return toXlsx(result, name);
}
