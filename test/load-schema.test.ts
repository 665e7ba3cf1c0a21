// A database made by an older version (before a column was added) still loads: ensureSchema
// adds the missing columns, and documents load into it through the real pipeline.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureSchema, openDatabase, queryRows } from '../src/load/database.ts';
import { loadDocument } from '../src/load/loader.ts';
import { processFile } from '../src/pipeline/process.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'load-schema-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('a database without indicators.value_note', () => {
  it('gets the column and loads documents', async () => {
    const dbPath = path.join(tmp, 'old.duckdb');
    const old = await openDatabase(dbPath);
    await ensureSchema(old);
    // What a database made before value_note existed looks like.
    await old.conn.run('DROP VIEW IF EXISTS indicator_facts');
    await old.conn.run('ALTER TABLE indicators DROP COLUMN value_note');
    // And before DOCX locations (block, table_row): columns after value_note in the spec, which
    // come back in another order than the spec's (the loader appends by the stored order).
    await old.conn.run('ALTER TABLE indicators DROP COLUMN table_row');
    await old.conn.run('ALTER TABLE messages DROP COLUMN block');
    old.close();

    const db = await openDatabase(dbPath);
    try {
      await ensureSchema(db);
      const done = await processFile(new URL('./fixtures/query/001_d071826548224e33.docx', import.meta.url).pathname);
      expect(done.info.status).toBe('ok');
      await loadDocument(db, done);
      const rows = await queryRows(db, "SELECT DISTINCT value_note FROM indicators WHERE level3 = '保障待遇人员养老金'");
      expect(rows).toEqual([{ value_note: '(促进居民收入稳步提高月人均基础养老金不低于全省平均水平)' }]);
      const [located] = await queryRows(db, 'SELECT count(*)::INTEGER AS n, count(block)::INTEGER AS b, count(table_row)::INTEGER AS r FROM indicators');
      expect(located).toEqual({ n: located!.n, b: located!.n, r: located!.n });
      const [n] = await queryRows(db, 'SELECT count(*) AS n FROM indicator_facts');
      expect(Number(n!.n)).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });
});
