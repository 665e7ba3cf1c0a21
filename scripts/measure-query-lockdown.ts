// Measures what each layer of the query lockdown (src/query/open.ts, src/query/run.ts) blocks:
// every attack of issue #11 runs against a fresh copy of a small database under growing
// layers, and the table shows whether it ran and whether any file changed (the database, a
// second database, the folder around them). Prints a Markdown table (docs/researchers.md).
//   node bin/run-ts.mjs scripts/measure-query-lockdown.ts
import { DuckDBInstance } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureSchema, openDatabase, type Database } from '../src/load/database.ts';
import { openLockedDown } from '../src/query/open.ts';
import { runQuery } from '../src/query/run.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lockdown-'));

/** A database with a documents table (openLockedDown wants one) and a second one to attack. */
async function makeDatabases(dir: string): Promise<{ main: string; other: string }> {
  const main = path.join(dir, 'main.duckdb');
  const other = path.join(dir, 'other.duckdb');
  for (const file of [main, other]) {
    const db = await openDatabase(file);
    await ensureSchema(db);
    db.close();
  }
  return { main, other };
}

/** Every file under dir with its hash, so any write, new file or deletion shows. */
function snapshot(dir: string): string {
  const out: string[] = [];
  for (const name of fs.readdirSync(dir, { recursive: true }).map(String).sort()) {
    const file = path.join(dir, name);
    const st = fs.statSync(file);
    out.push(st.isFile() ? `${name}:${createHash('sha1').update(fs.readFileSync(file)).digest('hex')}` : `${name}/`);
  }
  return out.join('\n');
}

const attacks = (dir: string) => [
  ['COPY TO the database file', `COPY (SELECT 1) TO '${dir}/main.duckdb'`],
  ['COPY TO another path', `COPY (SELECT 1) TO '${dir}/out.csv'`],
  ['EXPORT DATABASE', `EXPORT DATABASE '${dir}/exp'`],
  ['ATTACH … (READ_WRITE); DROP TABLE', `ATTACH '${dir}/other.duckdb' AS o (READ_WRITE); DROP TABLE o.indicators`],
  ['ATTACH (plain)', `ATTACH '${dir}/other.duckdb' AS o`],
  ["read_csv('/etc/passwd')", "SELECT * FROM read_csv('/etc/passwd')"],
  ["glob('/etc/*')", "SELECT * FROM glob('/etc/*')"],
  ['INSTALL httpfs', 'INSTALL httpfs'],
  ['LOAD httpfs', 'LOAD httpfs'],
  ["read_text('https://…') (autoinstall)", "SELECT * FROM read_text('https://example.com/')"],
  ['SET threads', 'SET threads = 1'],
  ['RESET threads', 'RESET threads'],
  ['SET enable_external_access', 'SET enable_external_access = true'],
  ['PRAGMA enable_profiling', 'PRAGMA enable_profiling'],
  ['SET profiling_output', `SET profiling_output = '${dir}/prof.txt'`],
  ['CREATE TABLE', 'CREATE TABLE t (a INT)'],
  ['CREATE TEMP TABLE', 'CREATE TEMP TABLE t AS SELECT 1'],
  ['INSERT', "INSERT INTO documents (doc_id) VALUES ('x')"],
  ['CHECKPOINT', 'CHECKPOINT'],
  ['CREATE PERSISTENT SECRET', "CREATE PERSISTENT SECRET s (TYPE http, BEARER_TOKEN 'x')"],
  ["CALL enable_logging(storage 'file')", `CALL enable_logging(storage = 'file', storage_path = '${dir}/logs')`],
  ['SELECT (allowed)', 'SELECT count(*) FROM documents'],
] as const;

type Layer = { name: string; open: (file: string) => Promise<Database>; run: (db: Database, sql: string) => Promise<unknown> };

// The unprotected layers keep extensions and secrets inside the case folder (so a write shows
// as a changed file, not in ~/.duckdb) and point extension downloads at a closed local port.
async function rawOpen(file: string, settings: string[]): Promise<Database> {
  const dir = path.dirname(file);
  const instance = await DuckDBInstance.create(file, {
    access_mode: 'READ_ONLY', extension_directory: path.join(dir, 'extensions'), secret_directory: path.join(dir, 'secrets'),
    custom_extension_repository: 'http://127.0.0.1:9', autoinstall_extension_repository: 'http://127.0.0.1:9',
  });
  const conn = await instance.connect();
  for (const s of settings) await conn.run(s);
  return { instance, conn, path: file, close: () => { conn.closeSync(); instance.closeSync(); } };
}
const runAll = async (db: Database, sql: string) => {
  const st = await db.conn.extractStatements(sql);
  for (let k = 0; k < st.count; k++) await (await st.prepare(k)).run();
};

const layers: Layer[] = [
  { name: 'read-only file', open: (f) => rawOpen(f, []), run: runAll },
  { name: '+ external access off', open: (f) => rawOpen(f, ['SET enable_external_access = false']), run: runAll },
  { name: '+ configuration locked', open: (f) => rawOpen(f, ['SET enable_external_access = false', 'SET lock_configuration = true']), run: runAll },
  { name: 'openLockedDown', open: (f) => openLockedDown(f), run: runAll },
  { name: 'openLockedDown + runQuery (query)', open: (f) => openLockedDown(f), run: (db, sql) => runQuery(db, sql) },
];

const rows: string[][] = [];
for (const [label] of attacks('')) rows.push([label]);
for (const layer of layers) {
  const cases = attacks('DIR');
  for (let k = 0; k < cases.length; k++) {
    const dir = fs.mkdtempSync(path.join(work, 'case-'));
    const { main } = await makeDatabases(dir);
    const sql = cases[k]![1].replaceAll('DIR', dir);
    const before = snapshot(dir);
    let outcome: string;
    const db = await layer.open(main);
    try {
      await layer.run(db, sql);
      outcome = 'runs';
    } catch (err) {
      const m = (err as Error).message.split('\n')[0]!;
      outcome = /read-only: (the statement|statement \d+) is/.test(m) ? 'refused (statement kind)'
        : /disabled by configuration|Loading external extensions is disabled/.test(m) ? 'refused (no file access)'
        : /configuration has been locked/.test(m) ? 'refused (locked)'
        : /read-only mode/.test(m) ? 'refused (read-only file)'
        : `error: ${m.slice(0, 60)}`;
    }
    db.close();
    // A file written outside the case folder would not show here: only COPY/EXPORT/ATTACH
    // targets inside it are attacked, and the other paths are read, not written.
    if (snapshot(dir) !== before) outcome += ', **files changed**';
    rows[k]!.push(outcome);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
fs.rmSync(work, { recursive: true, force: true });
console.log(`| attack | ${layers.map((l) => l.name).join(' | ')} |`);
console.log(`|---|${layers.map(() => '---').join('|')}|`);
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
