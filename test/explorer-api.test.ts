// The explorer's HTTP API, without a browser: what it serves and what it refuses (files only
// from documents.source_path by doc_id, no path from the request, SQL that cannot write), the
// source context of non-PDF rows, and the exports (CSV with BOM, XLSX, Parquet: the same rows).
import { DuckDBInstance } from '@duckdb/node-api';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Element } from 'hast';
import { VFile } from 'vfile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractXlsx } from '../src/extract/xlsx/index.ts';
import { tableGrid } from '../src/ir/grid.ts';
import { columnName } from '../src/serve/xlsx.ts';
import { PDF_INDICATORS, ROOT, startExplorerFixture, type ExplorerFixture } from './fixtures/explorer/setup.ts';

let fx: ExplorerFixture;

beforeAll(async () => {
  fx = await startExplorerFixture('explorer-api-');
}, 180_000);

afterAll(async () => {
  await fx?.close();
});

type Obj = Record<string, unknown>;

/** A raw request: the path is sent exactly as given (no URL normalisation of `..`). */
function request(pathname: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  const url = new URL(fx.base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: pathname, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

async function json(pathname: string): Promise<Obj> {
  const r = await request(pathname);
  return JSON.parse(r.body.toString('utf8')) as Obj;
}

async function rows(pathname: string): Promise<Obj[]> {
  const r = await json(pathname) as { columns: string[]; rows: unknown[][] };
  return r.rows.map((row) => Object.fromEntries(r.columns.map((c, k) => [c, row[k]])));
}

const sql = (text: string) => request('/api/sql', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ sql: text }) });

async function docId(sourceName: string): Promise<string> {
  const docs = await rows('/api/data/documents');
  const d = docs.find((r) => r.source_name === sourceName);
  if (!d) throw new Error(`no document ${sourceName}`);
  return String(d.doc_id);
}

describe('files: only the recorded ones, by doc_id', () => {
  it('serves a PDF from its recorded path, byte for byte', async () => {
    const r = await request(`/api/file/${await docId('approval-table-hrules.pdf')}`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.body.equals(fs.readFileSync(PDF_INDICATORS))).toBe(true);
  });

  it('refuses paths: traversal, encoded traversal, a path instead of a doc_id', async () => {
    const pkg = fs.readFileSync(path.join(path.dirname(PDF_INDICATORS), '../../../package.json'));
    for (const p of ['/vendor/../package.json', '/vendor/cmaps/..%2F..%2F..%2Fpackage.json', '/vendor/cmaps/../../../../package.json', '/static/../../package.json',
      '/static/..%2f..%2fpackage.json', '/api/file/..%2F..%2Fpackage.json', '/api/file/../../etc/passwd', '/api/file/%2Fetc%2Fpasswd', '/api/context/..%2Fpackage.json']) {
      const r = await request(p);
      expect(r.status, p).toBeGreaterThanOrEqual(400);
      expect(r.body.includes(pkg.subarray(0, 40)), p).toBe(false);
      expect(r.body.toString('utf8'), p).not.toMatch(/root:x:0:0/);
    }
    expect((await request('/api/file/0123456789abcdef')).status).toBe(404);
  });

  it('says the file moved instead of serving anything', async () => {
    const id = await docId('split-table.pdf');
    const info = await json(`/api/source/${id}`);
    expect(info.available).toBe(false);
    expect(info.reason).toMatch(/not there any more/);
    expect(info.reason).toContain('split-table.pdf');
    const r = await request(`/api/file/${id}`);
    expect(r.status).toBe(410);
  });

  it('answers only to localhost (a rebound DNS name is refused)', async () => {
    const r = await request('/api/data/documents', { headers: { Host: 'evil.example:80' } });
    expect(r.status).toBe(403);
  });
});

describe('SQL cannot write', () => {
  it('refuses COPY, CREATE, INSERT, ATTACH, reading files, changing settings; the database is unchanged', async () => {
    const before = createHash('sha256').update(fs.readFileSync(fx.dbPath)).digest('hex');
    const outside = path.join(fx.tmp, 'leak.csv');
    for (const text of [
      `COPY documents TO '${outside}'`, 'CREATE TABLE t AS SELECT 1', "INSERT INTO documents (doc_id) VALUES ('x')", 'DELETE FROM indicators',
      `ATTACH '${path.join(fx.tmp, 'other.duckdb')}' AS o`, "SELECT * FROM read_csv('/etc/passwd')", "SET enable_external_access = true", 'INSTALL httpfs',
      `SELECT 1; COPY documents TO '${outside}'`,
    ]) {
      const r = await sql(text);
      expect(r.status, text).toBe(400);
      expect(JSON.parse(r.body.toString()).error, text).toMatch(/read-only|disabled|locked|not allowed|Permission|read only/i);
    }
    expect(fs.existsSync(outside)).toBe(false);
    expect(fs.existsSync(path.join(fx.tmp, 'other.duckdb'))).toBe(false);
    expect(createHash('sha256').update(fs.readFileSync(fx.dbPath)).digest('hex')).toBe(before);
    expect((await sql("SELECT count(*) AS n FROM indicators WHERE doc_id <> 'x'")).status).toBe(200);
  });

  it('takes JSON only (a cross-site form post is refused)', async () => {
    const r = await request('/api/sql', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'sql=SELECT+1' });
    expect(r.status).toBe(415);
  });

  it('runs a named query by its name', async () => {
    const r = await sql('satisfaction-by-county');
    expect(r.status).toBe(200);
    const body = JSON.parse(r.body.toString()) as { columns: string[]; total: number };
    expect(body.columns).toContain('level3');
    expect(body.total).toBeGreaterThan(0);
  });
});

describe('source context of rows in other formats', () => {
  it.each(['000_8673c46da405b13e.docx', '004_c2ed7faebcfb9906.docx'])('DOCX %s: each indicator\'s table row, found by block and table row', async (name) => {
    const inds = (await rows(`/api/data/indicators?doc=${await docId(name)}`)).filter((r) => r.block !== null && r.level3);
    expect(inds.length).toBeGreaterThan(5);
    // The first, one in the middle and the last: rows of different tables.
    for (const ind of [inds[0]!, inds[Math.floor(inds.length / 2)]!, inds.at(-1)!]) await checkDocxRow(ind);
  });

  async function checkDocxRow(ind: Obj): Promise<void> {
    const ctx = await json(`/api/context/${ind.doc_id}?block=${ind.block}&table_row=${ind.table_row}`) as { found: boolean; blocks: { hit: boolean; rows?: { hit: boolean; cells: { text: string }[] }[] }[] };
    expect(ctx.found).toBe(true);
    const hitRows = ctx.blocks.filter((b) => b.hit).flatMap((b) => b.rows ?? []).filter((r) => r.hit);
    expect(hitRows).toHaveLength(1);
    const text = hitRows[0]!.cells.map((c) => c.text).join('|');
    expect(text).toContain(String(ind.level3));
  }

  it('text: the line of a budget line, in its table', async () => {
    const id = await docId('000_8673c46da405b13e.txt');
    const inds = await rows(`/api/data/indicators?doc=${id}`);
    const ind = inds.find((r) => r.line !== null && r.level3)!;
    const ctx = await json(`/api/context/${id}?line=${ind.line}`) as { found: boolean; blocks: { hit: boolean; rows?: { hit: boolean; cells: { text: string }[] }[]; text?: string }[] };
    expect(ctx.found).toBe(true);
    const hit = ctx.blocks.find((b) => b.hit)!;
    const shown = hit.rows ? hit.rows.filter((r) => r.hit).map((r) => r.cells.map((c) => c.text).join('|')).join('\n') : hit.text!;
    expect(shown).toContain(String(ind.level3));
  });

  it('stores the PDF row box it highlights: page and [x0,y0,x1,y1] inside the page', async () => {
    const inds = await rows(`/api/data/indicators?doc=${await docId('approval-table-hrules.pdf')}`);
    expect(inds.length).toBeGreaterThan(10);
    for (const r of inds) {
      expect(r.page).toBeGreaterThanOrEqual(1);
      const box = JSON.parse(String(r.bbox)) as number[];
      expect(box).toHaveLength(4);
      expect(box[0]).toBeLessThan(box[2]!);
      expect(box[1]).toBeLessThan(box[3]!);
    }
  });
});

describe('exports hold the same rows as the view', () => {
  const filter = 'level1=%E4%BA%A7%E5%87%BA%E6%8C%87%E6%A0%87'; // level1 = 产出指标
  let view: { columns: string[]; rows: unknown[][]; total: number };
  beforeAll(async () => {
    view = await json(`/api/data/indicators?${filter}`) as typeof view;
    expect(view.total).toBeGreaterThan(20);
  });

  it('CSV starts with a UTF-8 BOM and has one line per row', async () => {
    const r = await request(`/api/export/indicators.csv?${filter}`);
    expect(r.status).toBe(200);
    expect(r.headers['content-disposition']).toMatch(/attachment; filename="indicators\.csv"/);
    expect([...r.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = r.body.toString('utf8').slice(1);
    expect(text.split('\r\n')[0]).toBe(view.columns.join(','));
    // Count records, not lines: a quoted cell may hold a line break.
    let records = 0;
    let quoted = false;
    for (let k = 0; k < text.length; k++) {
      if (text[k] === '"') quoted = !quoted;
      else if (!quoted && text[k] === '\n') records++;
    }
    expect(records - 1).toBe(view.total);
    expect(text).toContain('产出指标');
  });

  it('XLSX opens with this project\'s own XLSX reader: header and every row, text and numbers', async () => {
    const r = await request(`/api/export/indicators.xlsx?${filter}`);
    expect(r.status).toBe(200);
    const { tree } = await extractXlsx({ path: 'indicators.xlsx', bytes: new Uint8Array(r.body) }, new VFile({ path: 'indicators.xlsx' }));
    const tables = tree.children.filter((c) => c.type === 'element' && c.tagName === 'table');
    expect(tables).toHaveLength(1);
    const grid = tableGrid(tables[0] as Element);
    const text = grid.map((row) => row.map((c) => (c ? c.text : '')));
    expect(text[0]!.slice(0, 3)).toEqual(view.columns.slice(0, 3));
    expect(text.length - 1).toBe(view.total);
    const level3 = view.columns.indexOf('level3');
    const value = view.columns.indexOf('value');
    expect(text.slice(1).map((row) => row[level3])).toEqual(view.rows.map((row) => row[level3] ?? ''));
    expect(text.slice(1).map((row) => (row[value] === '' ? null : Number(row[value])))).toEqual(view.rows.map((row) => row[value]));
  });

  it('Parquet reads back in DuckDB with the same rows and types', async () => {
    const r = await request(`/api/export/indicators.parquet?${filter}`);
    expect(r.status).toBe(200);
    expect(r.body.subarray(0, 4).toString('latin1')).toBe('PAR1');
    const file = path.join(fx.tmp, 'back.parquet');
    fs.writeFileSync(file, r.body);
    const inst = await DuckDBInstance.create(':memory:');
    const conn = await inst.connect();
    try {
      const back = await conn.runAndReadAll(`SELECT * FROM read_parquet('${file}')`);
      expect(back.columnNames()).toEqual(view.columns);
      const got = back.getRowsJS();
      expect(got).toHaveLength(view.total);
      const level3 = view.columns.indexOf('level3');
      expect(got.map((row) => row[level3])).toEqual(view.rows.map((row) => row[level3]));
    } finally {
      conn.closeSync();
      inst.closeSync();
    }
    // The temporary folder the export was written in is gone.
    expect(fs.readdirSync(os.tmpdir()).some((f) => f.startsWith('budget-explorer-export-'))).toBe(false);
  });

  it('a page gets at most its row limit and the total; the export has every row', async () => {
    const page = await json(`/api/data/indicators?${filter}&limit=5`) as typeof view & { truncated: boolean };
    expect(page.rows).toHaveLength(5);
    expect(page.total).toBe(view.total);
    expect(page.truncated).toBe(true);
    // The same first rows, in the same order, as the whole view.
    expect(page.rows).toEqual(view.rows.slice(0, 5));
  });

  it('the SQL box exports its result too', async () => {
    const r = await request('/api/sql/export.csv', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ sql: 'SELECT level3 FROM indicators ORDER BY ALL LIMIT 3' }) });
    expect(r.status).toBe(200);
    expect(r.body.toString('utf8').split('\r\n')).toHaveLength(5);
  });

  it('names XLSX columns past Z', () => {
    expect([0, 25, 26, 27, 51, 52, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
});

describe('budget-ingest serve', () => {
  const cli = path.join(ROOT, 'bin/budget-ingest.mjs');

  it('refuses bad usage with exit 2: no database, a bad port', () => {
    const missing = spawnSync(process.execPath, [cli, 'serve', '--db', path.join(fx.tmp, 'none.duckdb')], { encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no database at/);
    const port = spawnSync(process.execPath, [cli, 'serve', '--db', fx.dbPath, '--port', 'x'], { encoding: 'utf8' });
    expect(port.status).toBe(2);
    expect(port.stderr).toMatch(/--port takes a port number/);
  });

  it('says where it listens, answers, and stops on SIGTERM with exit 0', async () => {
    const child = spawn(process.execPath, [cli, 'serve', '--db', fx.dbPath, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`serve exited ${code} before listening: ${out}`)));
      setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 30_000);
    });
    const info = await (await fetch(`${url}api/info`)).json() as { database: string };
    expect(info.database).toBe(fx.dbPath);
    const page = await (await fetch(url)).text();
    expect(page).toContain('budget-ingest explorer');
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
  });
});

describe('while an ingest run holds the database', () => {
  it('a request waits for the writer to let go, then answers (each request opens the file afresh)', async () => {
    // Another process opens the file read-write, as a batch run's write window does, for 1.5 s.
    const writer = spawn(process.execPath, ['--input-type=module', '-e', `
      import { DuckDBInstance } from '@duckdb/node-api';
      const inst = await DuckDBInstance.create(process.argv[1]);
      const conn = await inst.connect();
      console.log('held');
      setTimeout(() => { conn.closeSync(); inst.closeSync(); console.log('released'); }, 1500);`, fx.dbPath], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((resolve) => writer.on('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      writer.stdout.on('data', (d: Buffer) => { if (d.toString().includes('held')) resolve(); });
      writer.on('exit', (code) => reject(new Error(`writer exited ${code}`)));
    });
    const start = Date.now();
    const r = await request('/api/data/documents');
    const waited = Date.now() - start;
    expect(r.status).toBe(200);
    expect((JSON.parse(r.body.toString()) as { total: number }).total).toBe(10);
    expect(waited).toBeGreaterThan(800);
    await exited;
  });
});

// The five samples as XLSX and saved web pages are in the shared corpus (not in this repository).
const SHARED = path.resolve(ROOT, '../shared/corpus');
const sharedFiles = ['xlsx/000_8673c46da405b13e.xlsx', 'html/000_8673c46da405b13e.html'].map((f) => path.join(SHARED, f));
const haveShared = sharedFiles.every((f) => fs.existsSync(f));
if (!haveShared) console.warn(`skipped explorer XLSX/HTML context tests: ${SHARED} not found`);

(haveShared ? describe : describe.skip)('source context of spreadsheet and web-page rows', () => {
  let other: { base: string; close(): Promise<void> };
  beforeAll(async () => {
    const { buildSampleDatabase } = await import('./fixtures/query/build-db.ts');
    const { createExplorer } = await import('../src/serve/server.ts');
    const dbPath = path.join(fx.tmp, 'formats.duckdb');
    await buildSampleDatabase(dbPath, sharedFiles);
    const { server } = createExplorer({ db: dbPath });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    other = {
      base: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
      close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
    };
  }, 120_000);
  afterAll(async () => { await other?.close(); });

  const getJson = async (p: string) => (await fetch(other.base + p)).json() as Promise<Record<string, unknown>>;

  it.each([['xlsx', 'cell'], ['html', 'line']])('%s: each indicator row found by its %s and marked', async (format, key) => {
    const docs = await getJson('/api/data/documents') as { columns: string[]; rows: unknown[][] };
    const doc = docs.rows.find((r) => r[docs.columns.indexOf('format')] === format)!;
    const inds = await getJson(`/api/data/indicators?doc=${doc[0]}`) as { columns: string[]; rows: unknown[][] };
    expect(inds.rows.length).toBeGreaterThan(3);
    for (const row of [inds.rows[0]!, inds.rows.at(-1)!]) {
      const place = row[inds.columns.indexOf(key)];
      expect(place, `${format} rows record a ${key}`).not.toBeNull();
      const ctx = await getJson(`/api/context/${doc[0]}?${key}=${encodeURIComponent(String(place))}`) as { found: boolean; blocks: { hit: boolean; rows?: { hit: boolean; cells: { text: string }[] }[] }[] };
      expect(ctx.found).toBe(true);
      const hits = ctx.blocks.filter((b) => b.hit).flatMap((b) => b.rows ?? []).filter((r) => r.hit);
      expect(hits.length).toBeGreaterThanOrEqual(1);
      expect(hits.map((h) => h.cells.map((c) => c.text).join('|')).join('\n')).toContain(String(row[inds.columns.indexOf('level3')]));
    }
  });
});
