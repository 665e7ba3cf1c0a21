// docs/data-dictionary.md must match what the table and view declarations generate, and the
// views created in a real database must have exactly the declared columns and types.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSchema, openDatabase, type Database } from '../src/load/database.ts';
import { columnMeta, createTableSql, documentTables, runLogTables } from '../src/load/tables.ts';
import { DICTIONARY_PATH, dataDictionaryMarkdown } from '../src/query/dictionary.ts';
import { listNamedQueries } from '../src/query/named.ts';
import { openForReading } from '../src/query/open.ts';
import { runLogViews, views } from '../src/query/views.ts';
import { ensureRunLogSchema } from '../src/pipeline/runlog.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('data dictionary', () => {
  it('docs/data-dictionary.md is up to date (regenerate: npm run dictionary)', () => {
    const onDisk = fs.readFileSync(path.join(root, DICTIONARY_PATH), 'utf8');
    expect(onDisk).toBe(dataDictionaryMarkdown());
  });

  it('documents every table and column with its type and meaning, and the views', () => {
    const md = dataDictionaryMarkdown();
    for (const spec of [...documentTables, ...runLogTables]) {
      expect(md).toContain(`### ${spec.name}\n`);
      for (const [name, schema] of Object.entries(spec.row.shape)) {
        const meta = columnMeta(schema as z.ZodType);
        const line = md.split('\n').find((l) => l.startsWith(`| \`${name}\` | ${meta.sql}`) && l.includes(meta.description.replace(/\|/g, '\\|')));
        expect(line, `${spec.name}.${name}`).toBeDefined();
      }
    }
    for (const v of [...views, ...runLogViews]) {
      expect(md).toContain(`### ${v.name}\n`);
      for (const c of v.columns) expect(md, `${v.name}.${c.name}`).toContain(`| \`${c.name}\` | ${c.meta.sql}`);
    }
    // A view column taken from a table names its source and reuses its meaning.
    expect(md).toMatch(/\| `value_raw` \| VARCHAR \| [^|]+ \| `indicators\.value_raw` \|/);
  });
});

describe('views in the database', () => {
  let tmp: string;
  let db: Database;
  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'query-dict-'));
    db = await openDatabase(path.join(tmp, 'empty.duckdb'));
    await ensureSchema(db);
  });
  afterAll(() => {
    db?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('have the declared columns and types', async () => {
    for (const v of views) {
      const reader = await db.conn.runAndReadAll(`DESCRIBE "${v.name}"`);
      const described = reader.getRowObjectsJS().map((r) => [r.column_name, r.column_type]);
      expect(described, v.name).toEqual(v.columns.map((c) => [c.name, c.meta.sql]));
    }
  });

  it('the run log (runs, duplicates, failures) is created with the declared columns and types', async () => {
    await ensureRunLogSchema(db);
    for (const spec of runLogTables) {
      const described = (await db.conn.runAndReadAll(`DESCRIBE "${spec.name}"`)).getRowObjectsJS().map((r) => [r.column_name, r.column_type]);
      expect(described, spec.name).toEqual(Object.entries(spec.row.shape).map(([name, s]) => [name, columnMeta(s as z.ZodType).sql]));
    }
    for (const v of runLogViews) {
      const described = (await db.conn.runAndReadAll(`DESCRIBE "${v.name}"`)).getRowObjectsJS().map((r) => [r.column_name, r.column_type]);
      expect(described, v.name).toEqual(v.columns.map((c) => [c.name, c.meta.sql]));
    }
    // Running it again (every run does) keeps the tables as they are.
    await ensureRunLogSchema(db);
  });

  it('are defined for the session when a read-only database predates them', async () => {
    // A database written by an older version: the tables, an outdated indicator_facts, no project_facts.
    const old = path.join(tmp, 'old.duckdb');
    const w = await openDatabase(old);
    for (const spec of documentTables) await w.conn.run(createTableSql(spec));
    await w.conn.run('CREATE VIEW indicator_facts AS SELECT doc_id FROM indicators');
    w.close();
    const r = await openForReading(old);
    try {
      for (const v of views) {
        const cols = (await r.conn.runAndReadAll(`SELECT * FROM "${v.name}" LIMIT 0`)).columnNames();
        expect(cols, v.name).toEqual(v.columns.map((c) => c.name));
      }
    } finally {
      r.close();
    }
  });

  it('ensureSchema can run twice (CREATE OR REPLACE)', async () => {
    await ensureSchema(db);
    const reader = await db.conn.runAndReadAll("SELECT count(*)::INTEGER AS n FROM duckdb_views() WHERE view_name IN ('indicator_facts', 'project_facts')");
    expect(reader.getRowObjectsJS()[0]!.n).toBe(2);
  });
});

describe('docs/researchers.md', () => {
  it('describes every named query and the way to read the Parquet export', () => {
    const doc = fs.readFileSync(path.join(root, 'docs/researchers.md'), 'utf8');
    for (const q of listNamedQueries()) {
      expect(doc, q.name).toContain(`| \`${q.name}\` |`);
      for (const p of q.params) expect(doc, `${q.name} --param ${p.name}`).toContain(`\`${p.name}\``);
    }
    expect(doc).toContain("read_parquet('lake/indicators/**/*.parquet', hive_partitioning = true");
  });
});
